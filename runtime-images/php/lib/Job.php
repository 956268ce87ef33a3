<?php

declare(strict_types=1);

namespace Nubo;

/**
 * One handler call as the server sees it: queued until a worker is free, then running in that worker.
 * Its deadline counts from arrival, so a caller waits at most FUNC_TIMEOUT, queue included.
 */
final class Job
{
    public readonly float $deadline;

    /** @param mixed $client whom the answer goes to (the server's Connection) */
    public function __construct(
        public readonly Request $request,
        public readonly mixed $client,
        public readonly float $startedAt,
        float $timeout,
    ) {
        $this->deadline = $startedAt + $timeout;
    }

    /** The call as sent to a worker. */
    public function message(): array
    {
        $r = $this->request;
        return ['call', $r->method, $r->path, $r->query, $r->version, $r->headers, $r->body];
    }

    /** The request back from a call message, in the worker. */
    public static function requestFrom(array $message): Request
    {
        [, $method, $path, $query, $version, $headers, $body] = $message;
        return new Request($method, $path, $query, $version, $headers, $body);
    }
}
