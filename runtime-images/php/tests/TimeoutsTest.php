<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** FUNC_TIMEOUT: 408 while the server keeps serving; the worker running the call is killed and replaced. */
final class TimeoutsTest extends TestCase
{
    private ServerProcess $server;

    public function setUp(): void
    {
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'calls.handler', ['FUNC_TIMEOUT' => '0.5']);
    }

    public function tearDown(): void
    {
        $this->server->stop();
    }

    public function testAnEndlessLoopGets408AndTheNextCallOnTheSameConnectionWorks(): void
    {
        $connection = $this->server->connect();
        $started = microtime(true);
        $response = $connection->request('GET', '/hang');
        $elapsed = microtime(true) - $started;
        $this->assertSame([408, 'text/plain; charset=utf-8', 'Timeout exceeded'],
            [$response->status, $response->header('Content-Type'), $response->body]);
        $this->assertAtLeast(0.5, $elapsed);
        $this->assertLessThan(5, $elapsed);
        $this->assertSame('hello world', $connection->request('GET', '/text')->body);
        $connection->close();
        $this->assertSame('ok', $this->server->get('/healthz')->body, 'the process was killed: healthy');
    }

    public function testTheHangingWorkerIsGoneAndReplaced(): void
    {
        $workers = $this->waitUntil(fn () => count($before = $this->server->children()) === 8 ? $before : null);
        $this->assertSame(408, $this->server->get('/hang')->status);
        $this->waitUntil(function () use ($workers): bool {
            $now = $this->server->children();
            return count($now) === 8 && count(array_diff($workers, $now)) === 1;
        });
        $gone = array_values(array_diff($workers, $this->server->children()))[0];
        $this->assertTrue(!file_exists("/proc/{$gone}"), "worker {$gone} still exists");
        $this->assertSame('ok', $this->server->get('/healthz')->body);
    }

    public function testCallsInParallelWithAHangingOneAreAnswered(): void
    {
        $hanging = $this->server->connect();
        $hanging->send('GET', '/hang');
        $this->assertSame('slept 0.1', $this->server->get('/sleep?seconds=0.1')->body);
        $this->assertSame(408, $hanging->receive()->status);
        $hanging->close();
    }

    public function testSigtermDuringAHangingCallExits0(): void
    {
        $hanging = $this->server->connect();
        $hanging->send('GET', '/hang');
        $this->waitUntil(fn () => str_contains($this->server->output(), 'hanging'));
        $this->server->terminate();
        $this->assertSame(408, $hanging->receive()->status);
        $this->assertSame(0, $this->server->waitForExit());
    }
}
