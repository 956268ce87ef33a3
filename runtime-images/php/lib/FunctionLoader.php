<?php

declare(strict_types=1);

namespace Nubo;

final class FunctionLoadError extends \RuntimeException
{
}

/**
 * Loads a function's code into this process (a worker; see Pool for the load check): Composer's
 * autoloader from the deps dir when there is one, then <codeDir>/<module>.php, whose handler must then
 * be a global function.
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
