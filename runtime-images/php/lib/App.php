<?php

declare(strict_types=1);

namespace Nubo;

/** Routes requests: /healthz, /metrics, /_nubo/specialize, and everything else to the function. */
final class App
{
    public readonly Metrics $metrics;
    public readonly Runaways $runaways;
    private ?FunctionSpec $function = null;
    private ?string $loadError = null;
    /** @var callable(): void */
    private $forgetServerStreams;

    /** @param callable(): void $forgetServerStreams run by forked processes to close the server's sockets */
    public function __construct(private readonly Settings $settings, callable $forgetServerStreams)
    {
        $this->metrics = new Metrics();
        $this->runaways = new Runaways();
        $this->forgetServerStreams = $forgetServerStreams;
    }

    /** Loads the function named by the environment (cold start); a failure shows on /healthz. */
    public function loadFromEnv(): void
    {
        $spec = $this->settings->function;
        if ($spec === null) {
            return;
        }
        try {
            FunctionLoader::loadChecked($spec, $this->forgetServerStreams);
            $this->function = $spec;
        } catch (FunctionLoadError $e) {
            $this->loadError = $e->getMessage();
        }
    }

    /** A response now, or a Call whose response comes when its process reports. */
    public function handle(Request $request): Response|Call
    {
        $read = $request->method === 'GET' || $request->method === 'HEAD';
        return match (true) {
            $read && $request->path === '/healthz' => $this->health(),
            $read && $request->path === '/metrics' => $this->metrics(),
            $request->method === 'POST' && $request->path === '/_nubo/specialize' => $this->specialize($request),
            default => $this->call($request),
        };
    }

    /** /healthz and /metrics are polled too often to be worth a log line. */
    public function logged(Request $request): bool
    {
        return $request->path !== '/healthz' && $request->path !== '/metrics';
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

    private function call(Request $request): Response|Call
    {
        if ($this->loadError !== null) {
            return Response::text(503, "Error: loading the code failed: {$this->loadError}");
        }
        if ($this->function === null) {
            return Response::text(503, 'Error: not specialized');
        }
        try {
            return Call::start($this->function, $request, $this->forgetServerStreams);
        } catch (\RuntimeException $e) {
            return Response::text(500, 'Error: ' . $e->getMessage());
        }
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
            [$spec, $env] = SpecializeRequest::parse($request->body, $this->settings);
            $this->loadWithEnv($spec, $env);
            $this->function = $spec;
            return Response::json(200, ['specialized' => true]);
        } catch (BadSpecializeRequest $e) {
            return Response::json(400, ['error' => $e->getMessage()]);
        } catch (FunctionLoadError $e) {
            return Response::json(500, ['error' => $e->getMessage()]);
        }
    }

    private function tokenAccepted(Request $request): bool
    {
        $expected = $this->settings->specializeToken;
        return $expected === null || hash_equals($expected, $request->header('nubo-specialize-token') ?? '');
    }

    /**
     * The code sees the environment and working directory a cold start gives it; both are restored
     * when loading fails, so the server stays unspecialized and can be specialized again.
     *
     * @throws FunctionLoadError
     */
    private function loadWithEnv(FunctionSpec $spec, array $env): void
    {
        $savedEnv = getenv();
        $savedDir = getcwd();
        Environment::apply($spec->environment() + $env);
        if (is_dir($spec->codeDir)) {
            chdir($spec->codeDir);
        }
        try {
            FunctionLoader::loadChecked($spec, $this->forgetServerStreams);
        } catch (FunctionLoadError $e) {
            Environment::replace($savedEnv);
            chdir($savedDir);
            throw $e;
        }
    }
}
