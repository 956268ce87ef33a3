<?php

declare(strict_types=1);

namespace Nubo;

/** One client connection: bytes received but not parsed yet, bytes not sent yet, and its state. */
final class Connection
{
    public string $received = '';
    public string $unsent = '';
    /** A request is being answered; the next one waits (responses keep their order). */
    public bool $busy = false;
    public bool $closeWhenSent = false;
    /** After refusing a request: read and drop what the client still sends until then, then close. */
    public ?float $lingerUntil = null;
    public bool $closed = false;
    public readonly RequestParser $parser;

    /** @param resource $stream */
    public function __construct(public readonly mixed $stream, int $maxBodyBytes)
    {
        $this->parser = new RequestParser($maxBodyBytes);
    }

    public function idle(): bool
    {
        return !$this->busy && $this->unsent === '';
    }
}
