<?php

declare(strict_types=1);

namespace Nubo;

/** The process environment as getenv(), $_ENV and $_SERVER show it. */
final class Environment
{
    /** @param array<string, string> $variables */
    public static function apply(array $variables): void
    {
        foreach ($variables as $name => $value) {
            putenv("{$name}={$value}");
            $_ENV[$name] = $_SERVER[$name] = $value;
        }
    }

    public static function remove(string $name): void
    {
        putenv($name);
        unset($_ENV[$name], $_SERVER[$name]);
    }

    /** @param array<string, string> $variables the whole environment to have */
    public static function replace(array $variables): void
    {
        foreach (array_diff_key(getenv(), $variables) as $name => $value) {
            putenv($name);
            unset($_ENV[$name], $_SERVER[$name]);
        }
        self::apply($variables);
    }
}
