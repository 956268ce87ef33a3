<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** Warm start: a server started without MOD_NAME/FUNC_HANDLER is handed its function later. */
final class SpecializeTest extends TestCase
{
    private ServerProcess $server;

    public function setUp(): void
    {
        $this->server = ServerProcess::start(env: ['FUNC_TIMEOUT' => '7']);
    }

    public function tearDown(): void
    {
        $this->server->stop();
    }

    private function specialize(array|string $body, array $headers = []): HttpResponse
    {
        return $this->server->post('/_nubo/specialize', is_string($body) ? $body : json_encode($body), $headers);
    }

    private function requestFor(string $handler, array $fields = []): array
    {
        return ['codeDir' => realpath(self::FUNCTIONS_DIR), 'handler' => $handler] + $fields;
    }

    public function testAnUnspecializedServerIsHealthyButRefusesCalls(): void
    {
        $this->assertSame([200, 'ok'], [$this->server->get('/healthz')->status, $this->server->get('/healthz')->body]);
        $response = $this->server->get('/text');
        $this->assertSame([503, 'Error: not specialized'], [$response->status, $response->body]);
    }

    public function testSpecializeLoadsTheFunctionWithEnvAppliedBeforeLoading(): void
    {
        $response = $this->specialize($this->requestFor('env_at_load.handler', ['functionName' => 'greeter',
            'timeout' => 2.5, 'runtime' => 'php8.2', 'memoryLimit' => '256Mi', 'env' => ['GREETING' => 'hi']]));
        $this->assertSame([200, 'application/json', ['specialized' => true]],
            [$response->status, $response->header('Content-Type'), $response->json()]);
        $answer = $this->server->get('/')->json();
        $this->assertSame(['greeting' => 'hi', 'cwd' => realpath(self::FUNCTIONS_DIR), 'context' => [
            'function-name' => 'greeter', 'timeout' => '2.5', 'runtime' => 'php8.2', 'memory-limit' => '256Mi'],
            'funcName' => 'greeter'], $answer);
    }

    public function testDefaultsComeFromTheServerEnvironment(): void
    {
        $this->assertSame(200, $this->specialize($this->requestFor('env_at_load.handler'))->status);
        $expected = ['function-name' => 'env_at_load', 'timeout' => '7', 'runtime' => 'php8.2', 'memory-limit' => ''];
        $this->assertSame($expected, $this->server->get('/')->json()['context']);
    }

    public function testASecondSpecializeGets409(): void
    {
        $this->assertSame(200, $this->specialize($this->requestFor('calls.handler'))->status);
        $this->assertSame(409, $this->specialize($this->requestFor('env_at_load.handler'))->status);
        $this->assertSame('hello world', $this->server->get('/text')->body);
    }

    public function testMalformedBodiesGet400(): void
    {
        $badFields = [['timeout' => 'soon'], ['timeout' => 0], ['env' => ['A=1']], ['depsDir' => 3]];
        $bodies = ['not json', '[]', [], ['codeDir' => self::FUNCTIONS_DIR], $this->requestFor('nodot'),
            $this->requestFor('.handler'), $this->requestFor('calls.'),
            ...array_map(fn (array $fields): array => $this->requestFor('calls.handler', $fields), $badFields)];
        foreach ($bodies as $body) {
            $response = $this->specialize($body);
            $this->assertSame(400, $response->status, json_encode($body));
            $this->assertTrue(is_string($response->json()['error']));
        }
        $this->assertSame(503, $this->server->get('/text')->status);
    }

    public function testALoadFailureGets500AndLeavesTheServerUnspecialized(): void
    {
        $failures = [
            'missing.handler' => '/cannot find .*missing\.php/',
            'raises_at_load.handler' => '/RuntimeException: cannot start: no database/',
            'syntax_error.handler' => '/ParseError: syntax error/',
            'redeclares.handler' => '/Cannot redeclare handler\(\)/',
            'calls.no_such_function' => '/defines no function no_such_function/',
        ];
        foreach ($failures as $handler => $message) {
            $response = $this->specialize($this->requestFor($handler, ['env' => ['GREETING' => 'leaked']]));
            $this->assertSame(500, $response->status, $handler);
            $this->assertMatches($message, $response->json()['error'], $handler);
            $this->assertSame(503, $this->server->get('/text')->status);
            $this->assertSame(200, $this->server->get('/healthz')->status);
        }
        $this->assertSame(200, $this->specialize($this->requestFor('env_at_load.handler'))->status);
        $this->assertSame('unset', $this->server->get('/')->json()['greeting'], 'env of a failed attempt stayed');
    }

    public function testTheTokenIsRequiredWhenSet(): void
    {
        $server = ServerProcess::start(env: ['NUBO_SPECIALIZE_TOKEN' => 's3cret']);
        try {
            $body = json_encode($this->requestFor('calls.handler'));
            $specialize = fn (array $headers): int => $server->post('/_nubo/specialize', $body, $headers)->status;
            $this->assertSame(403, $specialize([]));
            $this->assertSame(403, $specialize(['Nubo-Specialize-Token' => 's3cre']));
            $this->assertSame(403, $specialize(['Nubo-Specialize-Token' => 'S3CRET']));
            $this->assertSame(503, $server->get('/text')->status);
            $this->assertSame(200, $specialize(['Nubo-Specialize-Token' => 's3cret']));
            $this->assertSame('hello world', $server->get('/text')->body);
        } finally {
            $server->stop();
        }
    }
}
