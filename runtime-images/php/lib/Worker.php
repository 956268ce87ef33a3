<?php

declare(strict_types=1);

namespace Nubo;

/** The server's handle on one worker process: its end of the socket pair, its state and its call. */
final class Worker
{
    public const LOADING = 'loading';
    public const IDLE = 'idle';
    public const BUSY = 'busy';

    public string $state = self::LOADING;
    public ?Job $job = null;
    /** Bytes received from the worker, not yet a whole message. */
    public string $inbox = '';
    /** Bytes of the call message not yet written to the worker. */
    public string $outbox = '';

    /** @param resource $stream the server's end, non-blocking */
    public function __construct(public readonly int $pid, public readonly mixed $stream)
    {
    }

    public function id(): int
    {
        return (int) $this->stream;
    }
}
