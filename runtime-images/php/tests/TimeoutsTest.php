<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** FUNC_TIMEOUT: 408 while the server keeps serving; the call's process is killed. */
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

    public function testTheHangingProcessIsGone(): void
    {
        $this->assertSame(408, $this->server->get('/hang')->status);
        $this->waitUntil(fn () => $this->childrenOf($this->server->pid()) === []);
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
        $this->waitUntil(fn () => $this->childrenOf($this->server->pid()) !== []);
        $this->server->terminate();
        $this->assertSame(408, $hanging->receive()->status);
        $this->assertSame(0, $this->server->waitForExit());
    }

    /** @return list<int> */
    private function childrenOf(int $pid): array
    {
        $children = @file_get_contents("/proc/{$pid}/task/{$pid}/children");
        if ($children === false) {
            return [];
        }
        return array_map('intval', preg_split('/\s+/', trim($children), flags: PREG_SPLIT_NO_EMPTY));
    }
}
