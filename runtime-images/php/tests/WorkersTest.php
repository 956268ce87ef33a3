<?php

declare(strict_types=1);

namespace Nubo\Tests;

/**
 * The pool of persistent workers: each loads the function once and takes many calls; calls beyond the
 * workers queue; a worker that ends or times out is replaced.
 */
final class WorkersTest extends TestCase
{
    private ?ServerProcess $server = null;

    public function tearDown(): void
    {
        $this->server?->stop();
    }

    private function start(int $workers, array $env = []): ServerProcess
    {
        return $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'worker_state.handler',
            ['NUBO_PHP_WORKERS' => (string) $workers] + $env);
    }

    /** @return array{pid: int, calls: int} the worker that took the call, and how many calls it has taken */
    private function count(): array
    {
        $response = $this->server->get('/count');
        $this->assertSame(200, $response->status, $response->body);
        return $response->json();
    }

    /** Waits until the server has $workers workers, none of them in $gone; returns them. */
    private function awaitWorkers(int $workers, array $gone = []): array
    {
        return $this->waitUntil(function () use ($workers, $gone): ?array {
            $children = $this->server->children();
            return count($children) === $workers && array_intersect($children, $gone) === [] ? $children : null;
        });
    }

    public function testAWorkerKeepsItsGlobalsAcrossCalls(): void
    {
        $this->start(1);
        $calls = [$this->count(), $this->count(), $this->count()];
        $this->assertSame([1, 2, 3], array_column($calls, 'calls'));
        $this->assertSame(1, count(array_unique(array_column($calls, 'pid'))), 'one worker took them all');
        $this->assertSame([$calls[0]['pid']], $this->server->children(), 'the worker is a child of the server');
    }

    public function testTheServerStartsTheConfiguredNumberOfWorkersAnd8ByDefault(): void
    {
        $this->start(3);
        $this->awaitWorkers(3);
        $this->server->stop();
        $this->server = ServerProcess::start(self::FUNCTIONS_DIR, 'worker_state.handler');
        $this->awaitWorkers(8);
    }

    public function testCallsOneAfterAnotherGoToTheSameWarmWorker(): void
    {
        $this->start(4);
        $this->awaitWorkers(4);
        $calls = array_map(fn (): array => $this->count(), range(1, 5));
        $this->assertSame([1, 2, 3, 4, 5], array_column($calls, 'calls'));
    }

    public function testAWorkerThatCallsExitIsReplacedAndTheNextCallWorks(): void
    {
        $this->start(1);
        $first = $this->count();
        $response = $this->server->get('/exit');
        $this->assertSame([500, 'Error: the function called exit()'], [$response->status, $response->body]);
        $next = $this->count();
        $this->assertTrue($next['pid'] !== $first['pid'], 'a new worker');
        $this->assertSame(1, $next['calls'], 'the new worker starts from the loaded state');
        $this->awaitWorkers(1, [$first['pid']]);
    }

    public function testAWorkerWithAFatalErrorIsReplacedAndTheNextCallWorks(): void
    {
        $this->start(1);
        $first = $this->count();
        $response = $this->server->get('/fatal');
        $this->assertSame(500, $response->status);
        $this->assertMatches('/\AError: Allowed memory size of \d+ bytes exhausted/', $response->body);
        $next = $this->count();
        $this->assertSame(1, $next['calls']);
        $this->assertTrue($next['pid'] !== $first['pid'], 'a new worker');
    }

    public function testAWorkerKilledFromOutsideIsReplaced(): void
    {
        $this->start(1);
        $first = $this->count();
        posix_kill($first['pid'], SIGKILL);
        $this->awaitWorkers(1, [$first['pid']]);
        $this->assertSame(1, $this->count()['calls']);
        $this->assertSame(200, $this->server->get('/healthz')->status);
    }

    /**
     * The server is paused while its idle worker dies and a call arrives, so that it hands the call to
     * the dead worker before it reads the worker's end: the call goes to the replacement instead.
     */
    public function testACallHandedToAWorkerThatJustDiedIsServedByTheReplacement(): void
    {
        $this->start(1);
        $connection = $this->server->connect();
        $first = $connection->request('GET', '/count')->json();
        posix_kill($this->server->pid(), SIGSTOP);
        try {
            posix_kill($first['pid'], SIGKILL);
            $this->waitUntil(fn () => str_contains((string) @file_get_contents("/proc/{$first['pid']}/stat"), ') Z '));
            $connection->send('GET', '/count');
        } finally {
            posix_kill($this->server->pid(), SIGCONT);
        }
        $next = $connection->receive();
        $this->assertSame(200, $next->status, $next->body);
        $this->assertSame(1, $next->json()['calls']);
        $this->assertTrue($next->json()['pid'] !== $first['pid'], 'a new worker');
        $connection->close();
    }

    public function testATimedOutWorkerIsKilledAndReplaced(): void
    {
        $this->start(1, ['FUNC_TIMEOUT' => '0.5']);
        $first = $this->count();
        $this->assertSame([408, 'Timeout exceeded'], [($r = $this->server->get('/hang'))->status, $r->body]);
        $this->waitUntil(fn () => !file_exists("/proc/{$first['pid']}"));
        $next = $this->count();
        $this->assertTrue($next['pid'] !== $first['pid'], 'a new worker');
        $this->assertSame(1, $next['calls']);
        $this->assertSame([200, 'ok'], [($h = $this->server->get('/healthz'))->status, $h->body]);
    }

    public function testCallsBeyondTheWorkersQueueAndAreAllAnswered(): void
    {
        $this->start(2);
        $this->awaitWorkers(2);
        $started = microtime(true);
        $connections = array_map(function (): HttpConnection {
            $connection = $this->server->connect();
            $connection->send('GET', '/sleep?seconds=0.3');
            return $connection;
        }, range(1, 6));
        $answers = array_map(static fn (HttpConnection $c): array => $c->receive()->json(), $connections);
        $elapsed = microtime(true) - $started;
        $this->assertSame(array_fill(0, 6, 0.3), array_column($answers, 'slept'));
        $this->assertSame(2, count(array_unique(array_column($answers, 'pid'))), 'two workers took the six calls');
        $this->assertAtLeast(0.9, $elapsed, 'three rounds of two');
        array_map(static fn (HttpConnection $c) => $c->close(), $connections);
    }

    public function testTimeInTheQueueCountsTowardsTheTimeout(): void
    {
        $this->start(1, ['FUNC_TIMEOUT' => '2']);
        $first = $this->server->connect();
        $first->send('GET', '/sleep?seconds=1.5');
        $this->waitUntil(fn () => str_contains($this->server->output(), 'sleeping 1.5'));
        $started = microtime(true);
        $queued = $this->server->connect();
        $queued->send('GET', '/sleep?seconds=1.5'); // starts after 1.5 s, would end after 3 s
        $this->assertSame(200, $first->receive()->status);
        $this->assertSame([408, 'Timeout exceeded'], [($r = $queued->receive())->status, $r->body]);
        $this->assertLessThan(2.9, microtime(true) - $started, 'answered at its deadline, not after running');
        $first->close();
        $queued->close();
    }

    public function testEachWorkerRunsTheFunctionsShutdownFunctionsWhenTheServerStops(): void
    {
        $this->start(2);
        [$a, $b] = $this->awaitWorkers(2);
        $worker = $this->count()['pid'];
        $other = $worker === $a ? $b : $a;
        $this->server->terminate();
        $this->assertSame(0, $this->server->waitForExit());
        $this->assertContains("worker {$worker} ends after 1 calls\n", $this->server->output());
        $this->assertContains("worker {$other} ends after 0 calls\n", $this->server->output());
    }

    public function testThereAreNoWorkersBeforeSpecialization(): void
    {
        $this->server = ServerProcess::start(env: ['NUBO_PHP_WORKERS' => '2']);
        $this->assertSame(503, $this->server->get('/count')->status);
        $this->assertSame([], $this->server->children());
        $specialize = $this->server->post('/_nubo/specialize', json_encode(
            ['codeDir' => realpath(self::FUNCTIONS_DIR), 'handler' => 'worker_state.handler']));
        $this->assertSame(200, $specialize->status);
        $this->assertSame(1, $this->count()['calls']);
        $this->awaitWorkers(2);
    }

    public function testTheEnvOfASpecializeRequestSizesThePool(): void
    {
        $this->server = ServerProcess::start(env: ['NUBO_PHP_WORKERS' => '2']);
        $body = ['codeDir' => realpath(self::FUNCTIONS_DIR), 'handler' => 'worker_state.handler'];
        $refused = $this->server->post('/_nubo/specialize', json_encode($body + ['env' => ['NUBO_PHP_WORKERS' => 'many']]));
        $this->assertSame([400, "env NUBO_PHP_WORKERS must be a positive integer, not 'many'"],
            [$refused->status, $refused->json()['error']]);
        $this->assertSame(200, $this->server->post('/_nubo/specialize',
            json_encode($body + ['env' => ['NUBO_PHP_WORKERS' => '3']]))->status);
        $this->awaitWorkers(3);
    }

    public function testAFailedSpecializeLeavesNoWorkers(): void
    {
        $this->server = ServerProcess::start(env: ['NUBO_PHP_WORKERS' => '2']);
        $specialize = $this->server->post('/_nubo/specialize', json_encode(
            ['codeDir' => realpath(self::FUNCTIONS_DIR), 'handler' => 'raises_at_load.handler']));
        $this->assertSame(500, $specialize->status);
        $this->waitUntil(fn () => $this->server->children() === []);
    }

    public function testAnInvalidWorkerCountIsRefusedAtStart(): void
    {
        try {
            $this->start(0);
            $this->fail('the server started');
        } catch (\RuntimeException $e) {
            $this->assertContains("NUBO_PHP_WORKERS must be a positive integer, not '0'", $e->getMessage());
        }
    }
}
