<?php

declare(strict_types=1);

namespace Nubo;

/** Work done in a forked process: it writes one report to a stream, then ends at once. */
final class Child
{
    private const FATAL = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;

    /**
     * Writes what $work returns to $stream. A fatal error or an exit() inside $work is reported as
     * $onAbort(<reason>) instead. The process ends with SIGKILL, so destructors and shutdown functions
     * inherited from the server do not run twice (they could close connections the server still uses).
     *
     * @param resource $stream
     * @param callable(): string $work
     * @param callable(string): string $onAbort
     */
    public static function reportThenVanish($stream, callable $work, callable $onAbort): never
    {
        pcntl_signal(SIGTERM, SIG_IGN); // a TERM sent to the whole process group is the server's to handle
        pcntl_signal(SIGINT, SIG_IGN);
        register_shutdown_function(static function () use ($stream, $onAbort): void {
            self::write($stream, $onAbort(self::abortReason()));
            self::vanish();
        });
        self::write($stream, $work());
        self::vanish();
    }

    private static function abortReason(): string
    {
        $error = error_get_last();
        if ($error !== null && ($error['type'] & self::FATAL) !== 0) {
            return "{$error['message']} in {$error['file']}:{$error['line']}";
        }
        return 'the function called exit()';
    }

    /** @param resource $stream */
    private static function write($stream, string $report): void
    {
        stream_set_blocking($stream, true);
        for ($offset = 0; $offset < strlen($report); $offset += $written) {
            $written = @fwrite($stream, substr($report, $offset));
            if (!$written) {
                return; // the server is gone or gave up on this call
            }
        }
    }

    private static function vanish(): never
    {
        posix_kill(posix_getpid(), SIGKILL);
        exit(1); // not reached
    }
}
