<?php

declare(strict_types=1);

namespace Nubo;

/** A request that cannot be served; the connection is closed after the answer. */
final class HttpError extends \RuntimeException
{
    public function __construct(public readonly int $status, string $message)
    {
        parent::__construct($message);
    }
}

final class Request
{
    /** @param array<string, string> $headers lower-case names; repeated headers joined with ", " */
    public function __construct(
        public readonly string $method,
        public readonly string $path,
        public readonly string $query,
        public readonly string $version,
        public readonly array $headers,
        public string $body = '',
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[$name] ?? null;
    }

    public function keepAlive(): bool
    {
        $connection = strtolower($this->header('connection') ?? '');
        if ($this->version === 'HTTP/1.0') {
            return str_contains($connection, 'keep-alive');
        }
        return !str_contains($connection, 'close');
    }
}

final class Response
{
    public const TEXT = 'text/plain; charset=utf-8';
    public const JSON = 'application/json';

    private const REASONS = [
        100 => 'Continue', 200 => 'OK', 400 => 'Bad Request', 403 => 'Forbidden', 408 => 'Request Timeout',
        409 => 'Conflict', 413 => 'Content Too Large', 431 => 'Request Header Fields Too Large',
        500 => 'Internal Server Error', 503 => 'Service Unavailable',
    ];

    /**
     * @param array<string, string> $headers
     * @param bool $counted false for a call's answer given before the handler ran (not in the metrics)
     */
    public function __construct(
        public readonly int $status,
        public readonly ?string $contentType,
        public readonly string $body,
        public readonly array $headers = [],
        public readonly bool $counted = true,
    ) {
    }

    public static function text(int $status, string $body, array $headers = []): self
    {
        return new self($status, self::TEXT, $body, $headers);
    }

    /** A call's text answer given before the handler runs (400 invalid JSON): the call is not counted. */
    public static function refusal(int $status, string $body): self
    {
        return new self($status, self::TEXT, $body, [], false);
    }

    public static function json(int $status, mixed $value): self
    {
        return new self($status, self::JSON, json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
    }

    /** How a call's process hands its response to the server. */
    public function frame(): string
    {
        return "{$this->status}\n{$this->contentType}\n{$this->body}";
    }

    public static function unframe(string $frame): ?self
    {
        $parts = explode("\n", $frame, 3);
        if (count($parts) !== 3 || !ctype_digit($parts[0])) {
            return null;
        }
        return new self((int) $parts[0], $parts[1] === '' ? null : $parts[1], $parts[2]);
    }

    /** The bytes on the wire; a HEAD answer carries the length but not the body. */
    public function toBytes(bool $keepAlive, bool $head): string
    {
        $lines = sprintf("HTTP/1.1 %d %s\r\n", $this->status, self::REASONS[$this->status] ?? 'Unknown');
        if ($this->contentType !== null) {
            $lines .= "Content-Type: {$this->contentType}\r\n";
        }
        foreach ($this->headers as $name => $value) {
            $lines .= "{$name}: {$value}\r\n";
        }
        $lines .= 'Content-Length: ' . strlen($this->body) . "\r\n";
        $lines .= $keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
        return $head ? $lines : $lines . $this->body;
    }
}
