<?php

declare(strict_types=1);

namespace Nubo;

/** The server's configuration from the contract's environment variables. */
final class Settings
{
    /**
     * Worker processes per server when NUBO_PHP_WORKERS is unset: a fixed number rather than one
     * derived from the host's cores, which say nothing about the replica's CPU and memory limits.
     */
    public const DEFAULT_WORKERS = 8;

    public function __construct(
        public readonly string $host,
        public readonly int $port,
        public readonly int $maxBodyBytes,
        public readonly ?string $instanceId,
        public readonly ?string $specializeToken,
        public readonly float $defaultTimeout,
        public readonly string $runtime,
        public readonly string $memoryLimit,
        /** The function to load at start; null = start unspecialized. */
        public readonly ?FunctionSpec $function,
        /** Worker processes taking calls (NUBO_PHP_WORKERS). */
        public readonly int $workers = self::DEFAULT_WORKERS,
    ) {
    }

    /** @param array<string, string> $env */
    public static function fromEnv(array $env): self
    {
        $timeout = self::positiveNumber($env, 'FUNC_TIMEOUT', 180);
        $runtime = $env['FUNC_RUNTIME'] ?? '';
        $memoryLimit = $env['FUNC_MEMORY_LIMIT'] ?? '';
        $module = self::present($env, 'MOD_NAME');
        $handler = self::present($env, 'FUNC_HANDLER');
        $function = $module === null || $handler === null ? null : new FunctionSpec(
            $env['KUBELESS_INSTALL_VOLUME'] ?? '/kubeless', self::present($env, 'NUBO_DEPS_DIR'), $module, $handler,
            self::present($env, 'FUNC_NAME') ?? $module, $timeout, $runtime, $memoryLimit,
        );
        return new self(
            self::present($env, 'FUNC_HOST') ?? '0.0.0.0',
            (int) self::positiveNumber($env, 'FUNC_PORT', 8080),
            (int) self::positiveNumber($env, 'NUBO_MAX_BODY_BYTES', 16777216),
            self::present($env, 'NUBO_INSTANCE_ID'),
            self::present($env, 'NUBO_SPECIALIZE_TOKEN'),
            $timeout, $runtime, $memoryLimit, $function,
            self::workers($env, self::DEFAULT_WORKERS),
        );
    }

    private static function present(array $env, string $name): ?string
    {
        $value = $env[$name] ?? '';
        return $value === '' ? null : $value;
    }

    /**
     * NUBO_PHP_WORKERS from $env, else $default.
     *
     * @throws \InvalidArgumentException
     */
    public static function workers(array $env, int $default): int
    {
        return self::positiveInteger($env, 'NUBO_PHP_WORKERS', $default);
    }

    private static function positiveInteger(array $env, string $name, int $default): int
    {
        $value = $env[$name] ?? '';
        if ($value === '') {
            return $default;
        }
        if (!ctype_digit($value) || (int) $value < 1) {
            throw new \InvalidArgumentException("{$name} must be a positive integer, not '{$value}'");
        }
        return (int) $value;
    }

    private static function positiveNumber(array $env, string $name, float $default): float
    {
        $value = $env[$name] ?? (string) $default;
        if (!is_numeric($value) || (float) $value <= 0) {
            throw new \InvalidArgumentException("{$name} must be a positive number, not '{$value}'");
        }
        return (float) $value;
    }
}
