<?php

declare(strict_types=1);

namespace Nubo\Tests;

final class AssertionFailed extends \RuntimeException
{
}

/** A minimal xUnit base class: test* methods, setUp/tearDown, and the assertions these tests use. */
abstract class TestCase
{
    public const RUNTIME_DIR = __DIR__ . '/../..';
    public const FUNCTIONS_DIR = __DIR__ . '/../functions';

    public function setUp(): void
    {
    }

    public function tearDown(): void
    {
    }

    public static function tearDownAfterClass(): void
    {
    }

    protected function assertSame(mixed $expected, mixed $actual, string $message = ''): void
    {
        if ($expected !== $actual) {
            $this->fail(sprintf("expected %s\n     got %s", self::show($expected), self::show($actual)), $message);
        }
    }

    protected function assertTrue(bool $condition, string $message = ''): void
    {
        if (!$condition) {
            $this->fail('expected true', $message);
        }
    }

    protected function assertMatches(string $pattern, string $actual, string $message = ''): void
    {
        if (!preg_match($pattern, $actual)) {
            $this->fail(sprintf('%s does not match %s', self::show($actual), $pattern), $message);
        }
    }

    protected function assertContains(string $needle, string $haystack, string $message = ''): void
    {
        if (!str_contains($haystack, $needle)) {
            $this->fail(sprintf('%s does not contain %s', self::show($haystack), self::show($needle)), $message);
        }
    }

    protected function assertNotContains(string $needle, string $haystack, string $message = ''): void
    {
        if (str_contains($haystack, $needle)) {
            $this->fail(sprintf('%s contains %s', self::show($haystack), self::show($needle)), $message);
        }
    }

    protected function assertLessThan(float $limit, float $actual, string $message = ''): void
    {
        if (!($actual < $limit)) {
            $this->fail("expected less than {$limit}, got {$actual}", $message);
        }
    }

    protected function assertAtLeast(float $limit, float $actual, string $message = ''): void
    {
        if (!($actual >= $limit)) {
            $this->fail("expected at least {$limit}, got {$actual}", $message);
        }
    }

    protected function fail(string $problem, string $message = ''): never
    {
        throw new AssertionFailed($message === '' ? $problem : "{$message}: {$problem}");
    }

    /** Polls until $condition returns something truthy, or fails after $seconds (never sleeps on a guess). */
    protected function waitUntil(callable $condition, float $seconds = 10.0): mixed
    {
        $deadline = microtime(true) + $seconds;
        while (!($result = $condition())) {
            if (microtime(true) > $deadline) {
                $this->fail("condition not met within {$seconds} s");
            }
            usleep(20_000);
        }
        return $result;
    }

    private static function show(mixed $value): string
    {
        $text = var_export($value, true);
        return strlen($text) > 2000 ? substr($text, 0, 2000) . '…' : $text;
    }
}
