<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** Calls to a function: event, context, return values, errors, logs. */
final class CallsTest extends TestCase
{
    private const UUID = '/\A[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\z/';
    private const RFC3339_UTC = '/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\z/';

    private static ?ServerProcess $server = null;

    private function server(): ServerProcess
    {
        return self::$server ??= ServerProcess::start(self::FUNCTIONS_DIR, 'calls.handler',
            ['FUNC_TIMEOUT' => '30', 'FUNC_MEMORY_LIMIT' => '128Mi']);
    }

    public static function tearDownAfterClass(): void
    {
        self::$server?->stop();
    }

    public function testEveryMethodReachesTheHandlerWithItsBody(): void
    {
        foreach (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as $method) {
            $response = $this->server()
                ->request($method, '/echo', "body of {$method}", ['Content-Type' => 'text/plain']);
            $this->assertSame([200, "body of {$method}"], [$response->status, $response->body], $method);
        }
    }

    public function testHeadIsAnsweredWithoutABody(): void
    {
        $connection = $this->server()->connect();
        $head = $connection->request('HEAD', '/text');
        $this->assertSame([200, '11', ''], [$head->status, $head->header('Content-Length'), $head->body]);
        $this->assertSame('hello world', $connection->request('GET', '/text')->body, 'the connection stays usable');
        $connection->close();
    }

    public function testJsonBodyIsDecodedToObjectsAndReturnedAsJson(): void
    {
        $value = ['a' => [1, 2.5, null], 'b' => ['c' => 'é'], 'e' => (object) []];
        $response = $this->server()->postJson('/echo', $value);
        $this->assertSame('application/json', $response->header('Content-Type'));
        $this->assertSame('{"a":[1,2.5,null],"b":{"c":"é"},"e":{}}', $response->body);
        $access = $this->server()->postJson('/access', ['x' => 1])->json();
        $this->assertSame('stdClass', $access['dataIsObject']);
    }

    public function testPlusJsonMediaTypeWithParametersIsDecodedToo(): void
    {
        $headers = ['Content-Type' => 'Application/CloudEvents+JSON; charset=utf-8'];
        $response = $this->server()->post('/echo', '[1,"two"]', $headers);
        $this->assertSame([1, 'two'], $response->json());
    }

    public function testOtherBodiesStayText(): void
    {
        $response = $this->server()->post('/echo', '{"a": 1}', ['Content-Type' => 'text/plain']);
        $this->assertSame(['text/plain; charset=utf-8', '{"a": 1}'],
            [$response->header('Content-Type'), $response->body]);
        $this->assertSame('', $this->server()->get('/event')->json()['event']['data']);
    }

    public function testAnEmptyJsonBodyIsNull(): void
    {
        foreach (['application/json', 'application/cloudevents+json; charset=utf-8'] as $type) {
            $response = $this->server()->post('/event', '', ['Content-Type' => $type]);
            $this->assertSame(200, $response->status, $type);
            $event = $response->json()['event'];
            $this->assertTrue(array_key_exists('data', $event) && $event['data'] === null, $type);
        }
    }

    public function testInvalidJsonIsRefusedWithoutCallingTheHandler(): void
    {
        $response = $this->server()->post('/print?invalid-json', '{not json', ['Content-Type' => 'application/json']);
        $this->assertSame([400, 'Error: invalid JSON body'], [$response->status, $response->body]);
        $this->waitUntil(fn () => str_contains($this->server()->output(), 'POST /print 400'));
        $this->assertNotContains('printed by the function invalid-json', $this->server()->output());
    }

    public function testEventFieldsComeFromEventHeaders(): void
    {
        $event = $this->server()->get('/event', [
            'Event-Id' => 'id-1', 'EVENT-TYPE' => 'type-1', 'event-time' => '2024-01-02T03:04:05Z',
            'event-namespace' => 'ns-1', 'ce-id' => 'ce-id', 'ce-type' => 'ce-type', 'ce-source' => 'ce-src',
        ])->json()['event'];
        $this->assertSame(['data' => '', 'event-id' => 'id-1', 'event-type' => 'type-1',
            'event-time' => '2024-01-02T03:04:05Z', 'event-namespace' => 'ns-1'], $event);
    }

    public function testCloudEventsHeadersAreTheFallback(): void
    {
        $event = $this->server()->get('/event', ['ce-id' => 'ce-1', 'ce-type' => 'dev.nubo.test',
            'ce-time' => '2024-05-06T07:08:09Z', 'ce-source' => 'api.nubo.dev'])->json()['event'];
        $this->assertSame(['ce-1', 'dev.nubo.test', '2024-05-06T07:08:09Z', 'api.nubo.dev'],
            [$event['event-id'], $event['event-type'], $event['event-time'], $event['event-namespace']]);
    }

    public function testWithoutHeadersIdAndTimeAreGeneratedAndTypeIsTheContentType(): void
    {
        $first = $this->server()->post('/event', 'x', ['Content-Type' => 'text/csv'])->json()['event'];
        $second = $this->server()->get('/event')->json()['event'];
        $this->assertMatches(self::UUID, $first['event-id']);
        $this->assertTrue($first['event-id'] !== $second['event-id'], 'ids differ');
        $this->assertMatches(self::RFC3339_UTC, $first['event-time']);
        $this->assertLessThan(60, abs(strtotime($first['event-time']) - time()));
        $this->assertSame(['text/csv', '', ''],
            [$first['event-type'], $first['event-namespace'], $second['event-type']]);
    }

    public function testContextDescribesTheFunction(): void
    {
        $expected = ['function-name' => 'calls', 'timeout' => '30', 'runtime' => 'php8.2', 'memory-limit' => '128Mi'];
        $this->assertSame($expected, $this->server()->get('/event')->json()['context']);
    }

    public function testRequestExtensionHasMethodPathQueryHeadersAndRawBody(): void
    {
        $request = $this->server()->post('/event/sub?x=1&y=%20', "a\x00b", ['X-Custom' => 'v'])->json()['request'];
        $this->assertSame(['POST', '/event/sub', 'x=1&y=%20', 3],
            [$request['method'], $request['path'], $request['query'], $request['bodyLength']]);
        $this->assertSame('v', $request['headers']['x-custom']);
        $this->assertSame('3', $this->server()->post('/size', "\xFF\x00\xFE")->body, 'binary bodies arrive unchanged');
    }

    public function testObjectsAndArrayAccessBothWork(): void
    {
        $expected = ['data' => true, 'eventId' => true, 'request' => true, 'functionName' => true, 'isset' => true,
            'dataIsObject' => 'string'];
        $this->assertSame($expected, $this->server()->post('/access', 'x')->json());
    }

    public function testReturnValuesMapToResponses(): void
    {
        $expected = [
            '/text' => ['text/plain; charset=utf-8', 'hello world'],
            '/json' => ['application/json', '{"a":1,"b":[true,null,"x"]}'],
            '/object' => ['application/json', '{}'],
            '/number' => ['application/json', '42'],
            '/float' => ['application/json', '2.0'],
            '/boolean' => ['application/json', 'false'],
            '/bytes' => ['application/octet-stream', "\x00\x01\x02"],
            '/latin1' => ['application/octet-stream', "caf\xE9"],
            '/stream' => ['application/octet-stream', "streamed\xFF"],
        ];
        foreach ($expected as $path => [$type, $body]) {
            $response = $this->server()->get($path);
            $this->assertSame([200, $type, $body],
                [$response->status, $response->header('Content-Type'), $response->body], $path);
        }
    }

    public function testNullIsAnEmpty200(): void
    {
        $response = $this->server()->get('/none');
        $this->assertSame([200, '0', '', null], [$response->status, $response->header('Content-Length'),
            $response->body, $response->header('Content-Type')]);
    }

    public function testAnExceptionIsA500WithTheMessageAndTheTraceGoesToTheLog(): void
    {
        $response = $this->server()->get('/fail');
        $this->assertSame([500, 'text/plain; charset=utf-8', 'Error: boom'],
            [$response->status, $response->header('Content-Type'), $response->body]);
        $output = $this->waitUntil(
            fn () => str_contains($out = $this->server()->output(), 'InvalidArgumentException: boom') ? $out : null,
        );
        $this->assertMatches('#InvalidArgumentException: boom in .*calls\.php:\d+\nStack trace:#', $output);
        $this->assertSame('hello world', $this->server()->get('/text')->body);
    }

    public function testAFatalErrorIsA500WithItsMessage(): void
    {
        $response = $this->server()->get('/out-of-memory');
        $this->assertSame(500, $response->status);
        $this->assertMatches('/\AError: Allowed memory size of \d+ bytes exhausted .* in .*calls\.php:\d+\z/',
            $response->body);
        $this->assertSame('hello world', $this->server()->get('/text')->body);
    }

    public function testExitIsA500(): void
    {
        $response = $this->server()->get('/exit');
        $this->assertSame([500, 'Error: the function called exit()'], [$response->status, $response->body]);
    }

    public function testTopLevelVariablesAreGlobals(): void
    {
        $this->assertSame('set at the top level', $this->server()->get('/global')->body);
    }

    public function testFunctionOutputAndOneLogLinePerCallReachTheLog(): void
    {
        $this->server()->get('/print?secret=1');
        $line = '#^(\S+) GET /print 200 [\d.]+ms$#m';
        $output = $this->waitUntil(fn () => preg_match($line, $out = $this->server()->output()) ? $out : null);
        preg_match($line, $output, $match);
        $this->assertMatches(self::RFC3339_UTC, $match[1]);
        $this->assertContains("printed by the function secret=1\n", $output);
        $this->assertContains("warned by the function\n", $output);
    }

    public function testAKubelessFunctionRunsUnchanged(): void
    {
        $server = ServerProcess::start(self::FUNCTIONS_DIR, 'kubeless_hello.foo');
        try {
            $response = $server->post('/', '{"name": "Ada"}', ['Content-Type' => 'application/json']);
            $this->assertSame('hello Ada from kubeless_hello', $response->body);
        } finally {
            $server->stop();
        }
    }
}
