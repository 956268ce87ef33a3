<?php

declare(strict_types=1);

namespace Nubo;

final class FunctionLoadError extends \RuntimeException
{
}

/**
 * Loads a function's code into this process: Composer's autoloader from the deps dir when there is
 * one, then <codeDir>/<module>.php, whose handler must then be a global function.
 */
final class FunctionLoader
{
    /** @throws FunctionLoadError */
    public static function load(FunctionSpec $spec): void
    {
        $file = $spec->file();
        if (!is_file($file)) {
            throw new FunctionLoadError("cannot find {$file}");
        }
        try {
            self::requireAutoloader($spec->depsDir);
            self::requireAtGlobalScope($file);
        } catch (\Throwable $e) {
            fwrite(STDERR, "{$e}\n");
            throw new FunctionLoadError(get_class($e) . ': ' . $e->getMessage());
        }
        if (!function_exists($spec->handlerName)) {
            throw new FunctionLoadError("{$file} defines no function {$spec->handlerName}");
        }
    }

    /**
     * Loads in a forked process first and reports its failure, so that a fatal error (which no PHP code
     * can catch, e.g. "Cannot redeclare") fails the load instead of ending the server. The file's
     * top-level code therefore runs twice.
     *
     * @param callable(): void $forgetServerStreams closes, in the child, the sockets it inherited
     * @throws FunctionLoadError
     */
    public static function loadChecked(FunctionSpec $spec, callable $forgetServerStreams): void
    {
        $failure = self::probe($spec, $forgetServerStreams);
        if ($failure !== null) {
            throw new FunctionLoadError($failure);
        }
        self::load($spec);
    }

    /** The error loading $spec gives in a child process, or null when it loads. */
    private static function probe(FunctionSpec $spec, callable $forgetServerStreams): ?string
    {
        [$parentEnd, $childEnd] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
        $pid = pcntl_fork();
        if ($pid === 0) {
            fclose($parentEnd);
            $forgetServerStreams();
            Child::reportThenVanish($childEnd, static function () use ($spec): string {
                try {
                    self::load($spec);
                    return 'ok';
                } catch (FunctionLoadError $e) {
                    return $e->getMessage();
                }
            }, static fn (string $reason): string => $reason);
        }
        fclose($childEnd);
        $report = stream_get_contents($parentEnd);
        fclose($parentEnd);
        pcntl_waitpid($pid, $status);
        return match ($report) {
            'ok' => null,
            '', false => 'loading the code ended the process',
            default => $report,
        };
    }

    private static function requireAutoloader(?string $depsDir): void
    {
        $autoloader = $depsDir === null ? null : $depsDir . '/vendor/autoload.php';
        if ($autoloader !== null && is_file($autoloader)) {
            require_once $autoloader;
        }
    }

    /** Top-level variables of the file become globals, as they would be for a script run directly. */
    private static function requireAtGlobalScope(string $nuboFile): void
    {
        (static function () use ($nuboFile): void {
            require_once $nuboFile;
            foreach (get_defined_vars() as $name => $value) {
                if ($name !== 'nuboFile') {
                    $GLOBALS[$name] = $value;
                }
            }
        })();
    }
}
