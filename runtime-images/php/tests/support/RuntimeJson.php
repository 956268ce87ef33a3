<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** runtime.json's commands and environments, with placeholders expanded the way the platform does. */
final class RuntimeJson
{
    /** @param array<string, string> $values placeholder values besides interpreter and runtimeDir */
    public static function command(string $name, array $values = []): array
    {
        return array_map(fn (string $part): string => self::expand($part, $values), self::descriptor()[$name]);
    }

    /** @param array<string, string> $values */
    public static function env(string $name, array $values = []): array
    {
        return array_map(fn (string $value): string => self::expand($value, $values), self::descriptor()[$name]);
    }

    private static function expand(string $template, array $values): string
    {
        $values += ['interpreter' => PHP_BINARY, 'runtimeDir' => realpath(TestCase::RUNTIME_DIR)];
        return preg_replace_callback('/\{([a-zA-Z]+)}/', static fn (array $m): string => $values[$m[1]]
            ?? throw new \InvalidArgumentException("unknown placeholder {$m[1]}"), $template);
    }

    private static function descriptor(): array
    {
        return json_decode(file_get_contents(TestCase::RUNTIME_DIR . '/runtime.json'), true, 16, JSON_THROW_ON_ERROR);
    }
}
