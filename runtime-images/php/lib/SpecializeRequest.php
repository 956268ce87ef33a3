<?php

declare(strict_types=1);

namespace Nubo;

final class BadSpecializeRequest extends \RuntimeException
{
}

/** Reads the body of POST /_nubo/specialize into a FunctionSpec plus the env to apply and the code to download. */
final class SpecializeRequest
{
    private const OPTIONAL_TEXT = ['depsDir', 'buildDir', 'functionName', 'runtime', 'memoryLimit', 'logFile'];

    /**
     * @return array{FunctionSpec, array<string, string>, ?string, ?Source} the function, its env, the log file to write
     *                                                                      to, the code to download first
     * @throws BadSpecializeRequest
     */
    public static function parse(string $body, Settings $defaults): array
    {
        $fields = self::object($body);
        [$module, $handler] = self::handlerParts(self::requiredText($fields, 'handler'));
        foreach (self::OPTIONAL_TEXT as $name) {
            if (isset($fields[$name]) && !is_string($fields[$name])) {
                throw new BadSpecializeRequest("{$name} must be a string");
            }
        }
        $spec = new FunctionSpec(
            self::requiredText($fields, 'codeDir'), $fields['depsDir'] ?? null, $module, $handler,
            $fields['functionName'] ?? $module, self::timeout($fields['timeout'] ?? null, $defaults->defaultTimeout),
            $fields['runtime'] ?? $defaults->runtime, $fields['memoryLimit'] ?? $defaults->memoryLimit,
        );
        $logFile = $fields['logFile'] ?? null;
        return [$spec, self::env($fields['env'] ?? null), $logFile === '' ? null : $logFile, Source::fromFields($fields)];
    }

    private static function object(string $body): array
    {
        try {
            $fields = json_decode($body, true, 64, JSON_THROW_ON_ERROR);
        } catch (\JsonException) {
            throw new BadSpecializeRequest('the body is not valid JSON');
        }
        if (!is_array($fields) || array_is_list($fields) && $fields !== []) {
            throw new BadSpecializeRequest('the body must be a JSON object');
        }
        return $fields;
    }

    private static function handlerParts(string $handler): array
    {
        $dot = strrpos($handler, '.');
        if ($dot === false || $dot === 0 || $dot === strlen($handler) - 1) {
            throw new BadSpecializeRequest('handler must look like module.function');
        }
        return [substr($handler, 0, $dot), substr($handler, $dot + 1)];
    }

    private static function requiredText(array $fields, string $name): string
    {
        $value = $fields[$name] ?? null;
        if (!is_string($value) || $value === '') {
            throw new BadSpecializeRequest("{$name} is required");
        }
        return $value;
    }

    private static function timeout(mixed $value, float $default): float
    {
        if ($value === null) {
            return $default;
        }
        if (!(is_int($value) || is_float($value) || is_string($value) && is_numeric($value)) || $value <= 0) {
            throw new BadSpecializeRequest('timeout must be a positive number');
        }
        return (float) $value;
    }

    /** Scalars become strings; nested values are refused. */
    private static function env(mixed $value): array
    {
        if ($value === null) {
            return [];
        }
        if (!is_array($value) || array_is_list($value) && $value !== []) {
            throw new BadSpecializeRequest('env must be an object');
        }
        $env = [];
        foreach ($value as $name => $setting) {
            if (is_array($setting)) {
                throw new BadSpecializeRequest("env {$name} must be a string");
            }
            $env[(string) $name] = match (true) {
                $setting === null => '',
                is_bool($setting) => $setting ? 'true' : 'false',
                default => (string) $setting,
            };
        }
        return $env;
    }
}
