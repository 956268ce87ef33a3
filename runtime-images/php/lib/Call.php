<?php

declare(strict_types=1);

namespace Nubo;

/**
 * One handler call in a process forked from the server, which holds the loaded function: the call
 * cannot disturb the server or other calls, and a call that runs too long is killed.
 */
final class Call
{
    private const READ_BYTES = 262144;

    private string $received = '';

    /** @param resource $stream the server's end of the pipe the child reports on */
    private function __construct(
        public readonly int $pid,
        public readonly mixed $stream,
        public readonly float $deadline,
        public readonly Request $request,
        public readonly float $startedAt,
    ) {
    }

    /**
     * @param callable(): void $forgetServerStreams closes, in the child, the sockets it inherited
     * @throws \RuntimeException when the process cannot be forked
     */
    public static function start(FunctionSpec $spec, Request $request, callable $forgetServerStreams): self
    {
        $startedAt = Clock::now();
        [$serverEnd, $childEnd] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
        $pid = pcntl_fork();
        if ($pid === -1) {
            fclose($serverEnd);
            fclose($childEnd);
            throw new \RuntimeException('cannot fork a process for the call');
        }
        if ($pid === 0) {
            fclose($serverEnd);
            $forgetServerStreams();
            Child::reportThenVanish(
                $childEnd,
                static fn (): string => Invocation::run($spec, $request)->frame(),
                static fn (string $reason): string => Response::text(500, "Error: {$reason}")->frame(),
            );
        }
        fclose($childEnd);
        stream_set_blocking($serverEnd, false);
        return new self($pid, $serverEnd, $startedAt + $spec->timeout, $request, $startedAt);
    }

    /** Reads what the child sent; true once it has sent everything. */
    public function receive(): bool
    {
        $data = fread($this->stream, self::READ_BYTES);
        if ($data !== false && $data !== '') {
            $this->received .= $data;
            return false;
        }
        return feof($this->stream) || $data === false;
    }

    public function response(): Response
    {
        fclose($this->stream);
        return Response::unframe($this->received)
            ?? Response::text(500, 'Error: the process running the call ended unexpectedly');
    }

    public function kill(): void
    {
        posix_kill($this->pid, SIGKILL);
        fclose($this->stream);
    }
}
