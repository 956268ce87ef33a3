<?php

declare(strict_types=1);

namespace Nubo\Tests;

final class HttpResponse
{
    /** @param array<string, string> $headers lower-case names */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly string $body,
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    public function json(): mixed
    {
        return json_decode($this->body, true, 512, JSON_THROW_ON_ERROR);
    }
}

/** An HTTP/1.1 client connection, enough for these tests: requests with Content-Length bodies. */
final class HttpConnection
{
    /** @var resource */
    private $stream;

    public function __construct(int $port)
    {
        $stream = stream_socket_client("tcp://127.0.0.1:{$port}", $errno, $error, 5);
        if ($stream === false) {
            throw new \RuntimeException("cannot connect to port {$port}: {$error}");
        }
        stream_set_timeout($stream, 60);
        $this->stream = $stream;
    }

    /** @param array<string, string> $headers */
    public function request(string $method, string $path, string $body = '', array $headers = []): HttpResponse
    {
        $this->send($method, $path, $body, $headers);
        return $this->receive($method === 'HEAD');
    }

    /** @param array<string, string> $headers */
    public function send(string $method, string $path, string $body = '', array $headers = []): void
    {
        $head = "{$method} {$path} HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        foreach ($headers + ['Content-Length' => (string) strlen($body)] as $name => $value) {
            $head .= "{$name}: {$value}\r\n";
        }
        $this->write($head . "\r\n" . $body);
    }

    public function write(string $bytes): void
    {
        for ($offset = 0; $offset < strlen($bytes); $offset += $written) {
            $written = fwrite($this->stream, substr($bytes, $offset, 1 << 20));
            if (!$written) {
                throw new \RuntimeException('cannot write to the server');
            }
        }
    }

    public function receive(bool $head = false): HttpResponse
    {
        $statusLine = $this->line();
        if (!preg_match('#\AHTTP/1\.1 (\d{3}) #', $statusLine, $match)) {
            throw new \RuntimeException("not an HTTP response: {$statusLine}");
        }
        $headers = [];
        while (($line = $this->line()) !== '') {
            [$name, $value] = explode(':', $line, 2);
            $headers[strtolower($name)] = trim($value);
        }
        $length = $head ? 0 : (int) ($headers['content-length'] ?? 0);
        $body = $length > 0 ? stream_get_contents($this->stream, $length) : '';
        return new HttpResponse((int) $match[1], $headers, $body);
    }

    public function close(): void
    {
        fclose($this->stream);
    }

    private function line(): string
    {
        $line = fgets($this->stream);
        if ($line === false) {
            throw new \RuntimeException('the server closed the connection');
        }
        return rtrim($line, "\r\n");
    }
}
