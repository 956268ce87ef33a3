<?php

declare(strict_types=1);

namespace Nubo;

/**
 * Reads HTTP/1.1 requests from the bytes a connection has received so far, a piece at a time:
 * Content-Length and chunked bodies, Expect: 100-continue, limits on header and body size.
 */
final class RequestParser
{
    private const MAX_HEAD_BYTES = 64 * 1024;
    private const TOKEN = '/\A[!#$%&\'*+.^_`|~0-9A-Za-z-]+\z/';

    private ?Request $request = null;
    private bool $chunked = false;
    private int $remaining = 0;

    /** Set when the client waits for "100 Continue" before sending the body. */
    public bool $wantsContinue = false;

    public function __construct(private readonly int $maxBodyBytes)
    {
    }

    /**
     * Takes what it can from $buffer; returns a complete request, or null when more bytes are needed.
     *
     * @throws HttpError
     */
    public function parse(string &$buffer): ?Request
    {
        if ($this->request === null && !$this->readHead($buffer)) {
            return null;
        }
        $complete = $this->chunked ? $this->readChunks($buffer) : $this->readLengthBody($buffer);
        if (!$complete) {
            return null;
        }
        $request = $this->request;
        $this->request = null;
        $this->wantsContinue = false;
        return $request;
    }

    /** The request whose head was read, for logging an error that happens inside its body. */
    public function current(): ?Request
    {
        return $this->request;
    }

    private function readHead(string &$buffer): bool
    {
        $buffer = ltrim($buffer, "\r\n"); // stray CRLF between requests (RFC 9112 2.2)
        $end = strpos($buffer, "\r\n\r\n");
        if ($end === false) {
            if (strlen($buffer) > self::MAX_HEAD_BYTES) {
                throw new HttpError(431, 'headers too large');
            }
            return false;
        }
        $lines = explode("\r\n", substr($buffer, 0, $end));
        $buffer = substr($buffer, $end + 4);
        $this->request = $this->requestFrom(array_shift($lines), $this->headersFrom($lines));
        $this->prepareBody($this->request);
        return true;
    }

    private function requestFrom(string $line, array $headers): Request
    {
        $parts = explode(' ', $line, 3);
        if (count($parts) !== 3 || !preg_match(self::TOKEN, $parts[0]) || !str_starts_with($parts[2], 'HTTP/1.')) {
            throw new HttpError(400, 'malformed request line');
        }
        [$method, $target, $version] = $parts;
        $target = preg_replace('#\Ahttps?://[^/]*#i', '', $target); // absolute-form, as sent to proxies
        [$path, $query] = array_pad(explode('?', $target, 2), 2, '');
        return new Request($method, $path === '' ? '/' : $path, $query, $version, $headers);
    }

    /** @return array<string, string> */
    private function headersFrom(array $lines): array
    {
        $headers = [];
        foreach ($lines as $line) {
            $colon = strpos($line, ':');
            $name = $colon === false ? '' : strtolower(substr($line, 0, $colon));
            if ($name === '' || !preg_match(self::TOKEN, $name)) {
                throw new HttpError(400, 'malformed header');
            }
            $value = trim(substr($line, $colon + 1));
            $headers[$name] = isset($headers[$name]) ? "{$headers[$name]}, {$value}" : $value;
        }
        return $headers;
    }

    private function prepareBody(Request $request): void
    {
        $this->chunked = str_contains(strtolower($request->header('transfer-encoding') ?? ''), 'chunked');
        $length = $request->header('content-length');
        if ($this->chunked || $length === null) {
            $this->remaining = 0;
        } elseif (!ctype_digit($length)) {
            throw new HttpError(400, 'invalid Content-Length');
        } elseif (strlen(ltrim($length, '0')) > 15 || (int) $length > $this->maxBodyBytes) {
            throw new HttpError(413, 'request body too large');
        } else {
            $this->remaining = (int) $length;
        }
        $this->wantsContinue = strtolower($request->header('expect') ?? '') === '100-continue'
            && ($this->chunked || $this->remaining > 0);
    }

    /** Called once the caller sent "100 Continue". */
    public function continueSent(): void
    {
        $this->wantsContinue = false;
    }

    private function readLengthBody(string &$buffer): bool
    {
        if (strlen($buffer) < $this->remaining) {
            return false;
        }
        $this->request->body = substr($buffer, 0, $this->remaining);
        $buffer = substr($buffer, $this->remaining);
        return true;
    }

    private function readChunks(string &$buffer): bool
    {
        while (true) {
            $lineEnd = strpos($buffer, "\r\n");
            if ($lineEnd === false) {
                return false;
            }
            $size = $this->chunkSize(substr($buffer, 0, $lineEnd));
            if ($size === 0) {
                return $this->skipTrailers($buffer, $lineEnd + 2);
            }
            if (strlen($this->request->body) + $size > $this->maxBodyBytes) {
                throw new HttpError(413, 'request body too large');
            }
            if (strlen($buffer) < $lineEnd + 2 + $size + 2) {
                return false;
            }
            if (substr($buffer, $lineEnd + 2 + $size, 2) !== "\r\n") {
                throw new HttpError(400, 'malformed chunk');
            }
            $this->request->body .= substr($buffer, $lineEnd + 2, $size);
            $buffer = substr($buffer, $lineEnd + 2 + $size + 2);
        }
    }

    private function chunkSize(string $line): int
    {
        $hex = trim(explode(';', $line, 2)[0]);
        if (!preg_match('/\A[0-9a-fA-F]{1,15}\z/', $hex)) {
            throw new HttpError(400, 'malformed chunk size');
        }
        return hexdec($hex);
    }

    /** After the last chunk: optional trailer lines, then an empty line. */
    private function skipTrailers(string &$buffer, int $start): bool
    {
        if (substr($buffer, $start, 2) === "\r\n") {
            $buffer = substr($buffer, $start + 2);
            return true;
        }
        $end = strpos($buffer, "\r\n\r\n", $start);
        if ($end === false) {
            return false;
        }
        $buffer = substr($buffer, $end + 4);
        return true;
    }
}
