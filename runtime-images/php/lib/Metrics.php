<?php

declare(strict_types=1);

namespace Nubo;

/** The contract's three metric families per HTTP method, in Prometheus text format 0.0.4. */
final class Metrics
{
    public const CONTENT_TYPE = 'text/plain; version=0.0.4';
    private const BUCKETS = ['0.005' => 0.005, '0.01' => 0.01, '0.025' => 0.025, '0.05' => 0.05, '0.1' => 0.1,
        '0.25' => 0.25, '0.5' => 0.5, '1' => 1.0, '2.5' => 2.5, '5' => 5.0, '10' => 10.0];

    /** @var array<string, array{calls: int, failures: int, buckets: array<string, int>, sum: float}> */
    private array $series = [];

    public function record(string $method, int $status, float $seconds): void
    {
        $series = $this->series[$method] ?? ['calls' => 0, 'failures' => 0,
            'buckets' => array_fill_keys(array_keys(self::BUCKETS), 0), 'sum' => 0.0];
        $series['calls']++;
        if ($status === 408 || $status === 500) {
            $series['failures']++;
        }
        $series['sum'] += $seconds;
        foreach (self::BUCKETS as $label => $bound) {
            if ($seconds <= $bound) {
                $series['buckets'][$label]++;
            }
        }
        $this->series[$method] = $series;
    }

    public function render(): string
    {
        ksort($this->series);
        $calls = $failures = $durations = [];
        foreach ($this->series as $method => $series) {
            $calls[] = "function_calls_total{method=\"{$method}\"} {$series['calls']}";
            $failures[] = "function_failures_total{method=\"{$method}\"} {$series['failures']}";
            array_push($durations, ...$this->histogramLines($method, $series));
        }
        return $this->family('function_calls_total', 'counter', 'Number of calls to the function.', $calls)
            . $this->family('function_failures_total', 'counter', 'Number of calls that failed (status 500 or 408).',
                $failures)
            . $this->family('function_duration_seconds', 'histogram', 'Duration of calls to the function.',
                $durations);
    }

    private function family(string $name, string $type, string $help, array $lines): string
    {
        $text = "# HELP {$name} {$help}\n# TYPE {$name} {$type}\n";
        foreach ($lines as $line) {
            $text .= "{$line}\n";
        }
        return $text;
    }

    private function histogramLines(string $method, array $series): array
    {
        $lines = [];
        foreach ($series['buckets'] as $label => $count) {
            $lines[] = "function_duration_seconds_bucket{method=\"{$method}\",le=\"{$label}\"} {$count}";
        }
        $lines[] = "function_duration_seconds_bucket{method=\"{$method}\",le=\"+Inf\"} {$series['calls']}";
        $lines[] = "function_duration_seconds_sum{method=\"{$method}\"} {$series['sum']}";
        $lines[] = "function_duration_seconds_count{method=\"{$method}\"} {$series['calls']}";
        return $lines;
    }
}
