<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** Start, health and graceful stop. */
final class LifecycleTest extends TestCase
{
    private ?ServerProcess $server = null;

    public function tearDown(): void
    {
        $this->server?->stop();
    }

    public function testHealthzEchoesTheInstanceId(): void
    {
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'calls.handler',
            ['NUBO_INSTANCE_ID' => 'replica-7']);
        $response = $this->server->get('/healthz');
        $this->assertSame([200, 'ok', 'replica-7'],
            [$response->status, $response->body, $response->header('Nubo-Instance')]);
    }

    public function testNoInstanceHeaderWithoutAnInstanceId(): void
    {
        $this->server = ServerProcess::start();
        $this->assertSame(null, $this->server->get('/healthz')->header('Nubo-Instance'));
    }

    public function testSigtermLetsTheCallInFlightFinishThenExits0(): void
    {
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'calls.handler');
        $inFlight = $this->server->connect();
        $inFlight->send('GET', '/sleep?seconds=1');
        $this->waitUntil(fn () => str_contains($this->server->output(), 'sleeping 1'));
        $this->server->terminate();
        $this->waitUntil(fn () => @stream_socket_client("tcp://127.0.0.1:{$this->server->port}") === false);
        $response = $inFlight->receive();
        $this->assertSame([200, 'slept 1', 'close'],
            [$response->status, $response->body, $response->header('Connection')]);
        $this->assertSame(0, $this->server->waitForExit());
    }

    public function testSigtermOnAnIdleServerExits0AtOnce(): void
    {
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'calls.handler');
        $idle = $this->server->connect();
        $idle->request('GET', '/text'); // leaves an idle keep-alive connection
        $started = microtime(true);
        $this->server->terminate();
        $this->assertSame(0, $this->server->waitForExit());
        $this->assertLessThan(3, microtime(true) - $started);
        $idle->close();
    }

    public function testCodeThatFailsToLoadMakesHealthz503AndCallsFail(): void
    {
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'raises_at_load.handler');
        $health = $this->server->get('/healthz');
        $this->assertSame(503, $health->status);
        $this->assertMatches('/\Aunhealthy: loading the code failed: .*cannot start: no database/', $health->body);
        $call = $this->server->get('/anything');
        $this->assertSame(503, $call->status);
        $this->assertMatches('/\AError: loading the code failed: .*cannot start: no database/', $call->body);
        $this->assertContains('cannot start: no database', $this->server->output(), 'the load error goes to the log');
    }

    public function testAFatalErrorWhileLoadingDoesNotEndTheServer(): void
    {
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'redeclares.handler');
        $this->assertMatches('/\Aunhealthy: loading the code failed: .*Cannot redeclare handler\(\)/',
            $this->server->get('/healthz')->body);
    }
}
