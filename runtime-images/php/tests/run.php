<?php

// Runs every *Test.php here (or those whose class name contains $argv[1]); exits 1 on any failure.

declare(strict_types=1);

namespace Nubo\Tests;

foreach (glob(__DIR__ . '/support/*.php') as $file) {
    require_once $file;
}
foreach (glob(__DIR__ . '/*Test.php') as $file) {
    require_once $file;
}

$filter = $argv[1] ?? '';
$classes = array_filter(get_declared_classes(), static fn (string $class): bool =>
    is_subclass_of($class, TestCase::class) && str_contains($class, $filter));
sort($classes);

$failures = [];
$count = 0;
$started = microtime(true);
foreach ($classes as $class) {
    foreach (get_class_methods($class) as $method) {
        if (!str_starts_with($method, 'test')) {
            continue;
        }
        $count++;
        $failure = runTest($class, $method);
        echo $failure === null ? '.' : 'F';
        if ($failure !== null) {
            $failures[] = "{$class}::{$method}\n{$failure}";
        }
    }
    $class::tearDownAfterClass();
}

printf("\n\n%s%d tests, %d failures (%.1f s)\n", $failures === [] ? '' : implode("\n\n", $failures) . "\n\n",
    $count, count($failures), microtime(true) - $started);
exit($failures === [] ? 0 : 1);

function runTest(string $class, string $method): ?string
{
    $test = new $class();
    try {
        $test->setUp();
        $test->{$method}();
        return null;
    } catch (\Throwable $e) {
        return describe($e);
    } finally {
        $test->tearDown();
    }
}

function describe(\Throwable $e): string
{
    $frame = array_values(array_filter($e->getTrace(), static fn (array $f): bool =>
        str_ends_with($f['file'] ?? '', 'Test.php')))[0] ?? ['file' => $e->getFile(), 'line' => $e->getLine()];
    $kind = $e instanceof AssertionFailed ? '' : get_class($e) . ': ';
    return "  {$kind}{$e->getMessage()}\n  at " . basename($frame['file']) . ":{$frame['line']}";
}
