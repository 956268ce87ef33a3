<?php

declare(strict_types=1);

namespace Nubo;

/**
 * The life of a worker, inside the forked process: load the function once, say so, then take calls one
 * at a time from the server until it closes the socket pair. Globals and static variables the function
 * changes stay for the next call this worker takes (a warm container).
 */
final class WorkerProcess
{
    private const FATAL = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;
    private const LOADING = 'loading';
    private const CALLING = 'calling';
    private const WAITING = 'waiting';

    private static string $phase = self::LOADING;
    /** @var resource */
    private static $stream;

    /** @param resource $stream the worker's end of the socket pair */
    public static function run($stream, FunctionSpec $spec): never
    {
        pcntl_signal(SIGTERM, SIG_IGN); // a TERM sent to the whole process group is the server's to handle
        pcntl_signal(SIGINT, SIG_IGN);
        stream_set_blocking($stream, true);
        stream_set_timeout($stream, 86400 * 365);
        self::$stream = $stream;
        // Registered before the function's code runs, so it runs before the function's own shutdown functions.
        register_shutdown_function(self::ended(...));
        try {
            FunctionLoader::load($spec);
        } catch (FunctionLoadError $e) {
            Frame::write($stream, ['failed', $e->getMessage()]);
            self::vanish();
        }
        self::$phase = self::WAITING;
        if (!Frame::write($stream, ['ready'])) {
            exit(0);
        }
        while (($message = Frame::read($stream)) !== null && $message[0] === 'call') {
            self::$phase = self::CALLING;
            $response = Invocation::run($spec, Job::requestFrom($message));
            self::$phase = self::WAITING;
            if (!Frame::write($stream, self::responseMessage($response, false))) {
                break;
            }
        }
        // The server closed the socket pair (it stops): end normally, so that the function's shutdown
        // functions and destructors run.
        exit(0);
    }

    /**
     * Shutdown function: while loading or in a call, PHP ends the process only for exit() or a fatal
     * error (memory, time, …); report it instead of the load or the call's answer, then vanish, since
     * this process's state is no longer to be trusted.
     */
    private static function ended(): void
    {
        if (self::$phase === self::WAITING) {
            return;
        }
        $reason = self::abortReason();
        Frame::write(self::$stream, self::$phase === self::LOADING
            ? ['failed', $reason]
            : self::responseMessage(Response::text(500, "Error: {$reason}"), true));
        self::vanish();
    }

    private static function responseMessage(Response $response, bool $last): array
    {
        return ['response', $response->status, $response->contentType, $response->body, $last, $response->counted];
    }

    private static function abortReason(): string
    {
        $error = error_get_last();
        if ($error !== null && ($error['type'] & self::FATAL) !== 0) {
            return "{$error['message']} in {$error['file']}:{$error['line']}";
        }
        return 'the function called exit()';
    }

    /** Ends at once: no destructors or shutdown functions run in a process whose state is broken. */
    private static function vanish(): never
    {
        posix_kill(posix_getpid(), SIGKILL);
        exit(1); // not reached
    }
}
