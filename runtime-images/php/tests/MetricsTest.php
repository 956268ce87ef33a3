<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** /metrics: the contract's families, buckets and label, counting handler calls only. */
final class MetricsTest extends TestCase
{
    private const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
    private const MAX_BODY = 1000;

    private ServerProcess $server;

    public function setUp(): void
    {
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'calls.handler',
            ['FUNC_TIMEOUT' => '1', 'NUBO_MAX_BODY_BYTES' => (string) self::MAX_BODY]);
    }

    public function tearDown(): void
    {
        $this->server->stop();
    }

    public function testBeforeAnyCallOnlyTheFamilyHeadersAreThere(): void
    {
        $response = $this->server->get('/metrics');
        $this->assertSame('text/plain; version=0.0.4', $response->header('Content-Type'));
        $this->assertSame("# HELP function_calls_total Number of calls to the function.\n"
            . "# TYPE function_calls_total counter\n"
            . "# HELP function_failures_total Number of calls that failed (status 500 or 408).\n"
            . "# TYPE function_failures_total counter\n"
            . "# HELP function_duration_seconds Duration of calls to the function.\n"
            . "# TYPE function_duration_seconds histogram\n", $response->body);
    }

    public function testCallsFailuresAndDurationsPerMethod(): void
    {
        $this->server->get('/text');
        $this->server->get('/text');
        $this->server->get('/fail');
        $this->server->get('/hang');
        $this->assertSame('slept 0.3', $this->server->post('/sleep?seconds=0.3', '')->body);
        $this->server->get('/healthz');
        $this->server->post('/_nubo/specialize', '{}');
        $text = $this->server->get('/metrics')->body;

        $this->assertSame(4.0, $this->value($text, 'function_calls_total{method="GET"}'));
        $this->assertSame(2.0, $this->value($text, 'function_failures_total{method="GET"}'));
        $this->assertSame(1.0, $this->value($text, 'function_calls_total{method="POST"}'));
        $this->assertSame(0.0, $this->value($text, 'function_failures_total{method="POST"}'));
        $buckets = array_map(fn (string $le): ?float =>
            $this->value($text, "function_duration_seconds_bucket{method=\"POST\",le=\"{$le}\"}"), self::BUCKETS);
        $this->assertSame([0.0, 0.0, 0.0, 0.0, 0.0, 0.0], array_slice($buckets, 0, 6), 'nothing below 0.3 s');
        $this->assertSame([1.0, 1.0, 1.0], array_slice($buckets, -3), 'all by 10 s');
        $sorted = $buckets;
        sort($sorted);
        $this->assertSame($sorted, $buckets, 'buckets are cumulative');
        $this->assertSame(4.0, $this->value($text, 'function_duration_seconds_bucket{method="GET",le="+Inf"}'));
        $this->assertSame(4.0, $this->value($text, 'function_duration_seconds_count{method="GET"}'));
        $this->assertAtLeast(1.0, $this->value($text, 'function_duration_seconds_sum{method="GET"}'), 'the 408 alone');
        $this->assertAtLeast(0.3, $this->value($text, 'function_duration_seconds_sum{method="POST"}'));
    }

    public function testMethodLabelIsUpperCaseAndSeriesAppearOnceCalled(): void
    {
        $this->server->request('DELETE', '/text');
        $text = $this->server->get('/metrics')->body;
        $this->assertContains("function_calls_total{method=\"DELETE\"} 1\n", $text);
        $this->assertNotContains('method="GET"', $text);
        $this->assertSame(14, preg_match_all('/^function_duration_seconds\S*\{method="DELETE"/m', $text));
    }

    public function testRequestsAnsweredBeforeTheHandlerRunsAreNotCounted(): void
    {
        $this->server->get('/text');
        $before = $this->server->get('/metrics')->body;
        $invalid = $this->server->post('/text', '{not json', ['Content-Type' => 'application/json']);
        $this->assertSame([400, 'Error: invalid JSON body'], [$invalid->status, $invalid->body]);
        $body = str_repeat('y', self::MAX_BODY + 1);
        $this->assertMatches('#\AHTTP/1\.1 413 #',
            $this->server->raw("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: " . strlen($body) . "\r\n\r\n{$body}"));
        $chunks = str_repeat(dechex(600) . "\r\n" . str_repeat('z', 600) . "\r\n", 2);
        $this->assertMatches('#\AHTTP/1\.1 413 #',
            $this->server->raw("POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{$chunks}0\r\n\r\n"));
        $this->assertSame($before, $this->server->get('/metrics')->body);
    }

    public function testACallIsCountedBeforeItsAnswer(): void
    {
        $calls = [['GET', '/text', 200], ['POST', '/fail', 500], ['PUT', '/none', 200], ['DELETE', '/exit', 500]];
        for ($round = 0; $round < 5; $round++) {
            foreach ($calls as [$method, $path, $status]) {
                $series = "function_calls_total{method=\"{$method}\"}";
                $before = $this->value($this->server->get('/metrics')->body, $series) ?? 0.0;
                $this->assertSame($status, $this->server->request($method, $path)->status, "{$method} {$path}");
                $this->assertSame($before + 1, $this->value($this->server->get('/metrics')->body, $series),
                    "{$method} {$path}, round {$round}");
            }
        }
    }

    public function testHeadIsAnsweredLikeGetWithoutABodyAndCountsAsHead(): void
    {
        $get = $this->server->get('/text');
        $head = $this->server->request('HEAD', '/text');
        $this->assertSame([200, '', $get->header('Content-Length'), $get->header('Content-Type')],
            [$head->status, $head->body, $head->header('Content-Length'), $head->header('Content-Type')]);
        $text = $this->server->get('/metrics')->body;
        $this->assertSame(1.0, $this->value($text, 'function_calls_total{method="HEAD"}'));
        $this->assertSame(1.0, $this->value($text, 'function_calls_total{method="GET"}'));
        $this->assertSame(1.0, $this->value($text, 'function_duration_seconds_bucket{method="HEAD",le="+Inf"}'));
    }

    private function value(string $text, string $series): ?float
    {
        return preg_match('/^' . preg_quote($series, '/') . ' (\S+)$/m', $text, $match) ? (float) $match[1] : null;
    }
}
