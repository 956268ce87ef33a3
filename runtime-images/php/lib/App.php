<?php

declare(strict_types=1);

namespace Nubo;

/**
 * Routes requests: /healthz, /metrics, /_nubo/specialize, and everything else to the function, whose
 * calls run in the worker pool started when the function is loaded (none before).
 */
final class App
{
    public readonly Metrics $metrics;
    public readonly Runaways $runaways;
    private ?FunctionSpec $function = null;
    private ?Pool $pool = null;
    private ?string $loadError = null;

    /**
     * @param \Closure(): void $forgetServerStreams run by forked processes to close the server's sockets
     * @param \Closure(Job, Response): void $finish receives the answer of every call handed to the pool
     */
    public function __construct(
        private readonly Settings $settings,
        private readonly \Closure $forgetServerStreams,
        private readonly \Closure $finish,
    ) {
        $this->metrics = new Metrics();
        $this->runaways = new Runaways();
    }

    /** The worker pool, once the function is loaded. */
    public function pool(): ?Pool
    {
        return $this->pool;
    }

    /** Loads the function named by the environment (cold start); a failure shows on /healthz. */
    public function loadFromEnv(): void
    {
        $spec = $this->settings->function;
        if ($spec === null) {
            return;
        }
        try {
            $this->startPool($spec, $this->settings->workers);
        } catch (FunctionLoadError $e) {
            $this->loadError = $e->getMessage();
        }
    }

    /** A response now, or null for a call handed to the pool: its answer goes to $finish with $client. */
    public function handle(Request $request, mixed $client, float $startedAt): ?Response
    {
        $read = $request->method === 'GET' || $request->method === 'HEAD';
        return match (true) {
            $read && $request->path === '/healthz' => $this->health(),
            $read && $request->path === '/metrics' => $this->metrics(),
            $request->method === 'POST' && $request->path === '/_nubo/specialize' => $this->specialize($request),
            default => $this->call($request, $client, $startedAt),
        };
    }

    /** /healthz and /metrics are polled too often to be worth a log line. */
    public function logged(Request $request): bool
    {
        // specialize is the platform's business, not a line for the function's log
        return !in_array($request->path, ['/healthz', '/metrics', '/_nubo/specialize'], true);
    }

    public function record(Request $request, Response $response, float $seconds): void
    {
        $this->metrics->record(strtoupper($request->method), $response->status, $seconds);
    }

    private function metrics(): Response
    {
        return new Response(200, Metrics::CONTENT_TYPE, $this->metrics->render());
    }

    private function health(): Response
    {
        $headers = $this->settings->instanceId === null ? [] : ['Nubo-Instance' => $this->settings->instanceId];
        $reason = match (true) {
            $this->loadError !== null => "loading the code failed: {$this->loadError}",
            $this->runaways->running() => 'a call that timed out is still running',
            default => null,
        };
        return $reason === null
            ? Response::text(200, 'ok', $headers)
            : Response::text(503, "unhealthy: {$reason}", $headers);
    }

    private function call(Request $request, mixed $client, float $startedAt): ?Response
    {
        if ($this->loadError !== null) {
            return Response::text(503, "Error: loading the code failed: {$this->loadError}");
        }
        if ($this->function === null || $this->pool === null) {
            return Response::text(503, 'Error: not specialized');
        }
        $this->pool->submit(new Job($request, $client, $startedAt, $this->function->timeout));
        return null;
    }

    /**
     * @throws FunctionLoadError
     */
    private function startPool(FunctionSpec $spec, int $workers): void
    {
        $pool = new Pool($spec, $workers, $this->runaways, $this->forgetServerStreams, $this->finish);
        try {
            $pool->start();
        } catch (\RuntimeException $e) {
            throw $e instanceof FunctionLoadError ? $e : new FunctionLoadError($e->getMessage());
        }
        $this->pool = $pool;
        $this->function = $spec;
    }

    private function specialize(Request $request): Response
    {
        if (!$this->tokenAccepted($request)) {
            return Response::json(403, ['error' => 'invalid specialize token']);
        }
        if ($this->function !== null || $this->loadError !== null) {
            return Response::json(409, ['error' => 'already specialized']);
        }
        try {
            [$spec, $env, $logFile, $source] = SpecializeRequest::parse($request->body, $this->settings);
            $workers = self::workersIn($env, $this->settings->workers);
            $source?->fetchInto($spec->codeDir);
            // first: what loading the code prints is the function's too
            $output = $logFile === null ? null : OutputRedirect::to($logFile);
            try {
                $this->loadWithEnv($spec, $env, $workers);
            } catch (FunctionLoadError $e) {
                $output?->undo();
                throw $e;
            }
            $output?->keep();
            return Response::json(200, ['specialized' => true]);
        } catch (BadSpecializeRequest $e) {
            return Response::json(400, ['error' => $e->getMessage()]);
        } catch (FunctionLoadError $e) {
            return Response::json(500, ['error' => $e->getMessage()]);
        }
    }

    /**
     * The function's env may size the pool, as it does on a cold start.
     *
     * @throws BadSpecializeRequest
     */
    private static function workersIn(array $env, int $default): int
    {
        try {
            return Settings::workers($env, $default);
        } catch (\InvalidArgumentException $e) {
            throw new BadSpecializeRequest('env ' . $e->getMessage());
        }
    }

    private function tokenAccepted(Request $request): bool
    {
        $expected = $this->settings->specializeToken;
        return $expected === null || hash_equals($expected, $request->header('nubo-specialize-token') ?? '');
    }

    /**
     * The workers (forked from this process) see the environment and working directory a cold start
     * gives them; both are restored when loading fails, so the server stays unspecialized and can be
     * specialized again.
     *
     * @throws FunctionLoadError
     */
    private function loadWithEnv(FunctionSpec $spec, array $env, int $workers): void
    {
        $savedEnv = getenv();
        $savedDir = getcwd();
        Environment::apply($spec->environment() + $env);
        Environment::remove('NUBO_SPECIALIZE_TOKEN'); // the environment a cold start gives, without the pool's token
        if (is_dir($spec->codeDir)) {
            chdir($spec->codeDir);
            if (getenv('PWD') !== false) { // set by whoever started the server in its first directory
                Environment::apply(['PWD' => $spec->codeDir]);
            }
        }
        try {
            $this->startPool($spec, $workers);
        } catch (FunctionLoadError $e) {
            Environment::replace($savedEnv);
            chdir($savedDir);
            throw $e;
        }
    }
}
