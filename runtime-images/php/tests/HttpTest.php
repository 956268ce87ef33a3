<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** HTTP/1.1 behaviour: bodies, limits, chunked encoding, keep-alive, concurrency. */
final class HttpTest extends TestCase
{
    private const MAX_BODY = 6 * 1024 * 1024;

    private static ?ServerProcess $server = null;

    private function server(): ServerProcess
    {
        return self::$server ??= ServerProcess::start(self::FUNCTIONS_DIR, 'calls.handler',
            ['NUBO_MAX_BODY_BYTES' => (string) self::MAX_BODY]);
    }

    public static function tearDownAfterClass(): void
    {
        self::$server?->stop();
    }

    public function testA5MbBodyArrivesWhole(): void
    {
        $response = $this->server()->post('/size', str_repeat('x', 5 * 1024 * 1024), ['Content-Type' => 'text/plain']);
        $this->assertSame([200, (string) (5 * 1024 * 1024)], [$response->status, $response->body]);
    }

    public function testA5MbAnswerArrivesWhole(): void
    {
        $body = str_repeat('0123456789', 512 * 1024);
        $this->assertSame($body, $this->server()->post('/echo', $body)->body);
    }

    public function testABodyAtTheLimitIsAccepted(): void
    {
        $response = $this->server()->post('/size', str_repeat('y', self::MAX_BODY));
        $this->assertSame((string) self::MAX_BODY, $response->body);
    }

    public function testABodyOverTheLimitGets413(): void
    {
        $response = $this->server()->post('/size', str_repeat('y', self::MAX_BODY + 1));
        $this->assertSame([413, 'Error: request body too large'], [$response->status, $response->body]);
    }

    public function testADeclaredLengthOverTheLimitGets413BeforeTheBodyIsSent(): void
    {
        $answer = $this->server()->raw("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: " . (self::MAX_BODY + 1)
            . "\r\nExpect: 100-continue\r\n\r\n");
        $this->assertMatches('#\AHTTP/1.1 413 #', $answer);
    }

    public function testAChunkedBodyOverTheLimitGets413(): void
    {
        $chunk = str_repeat('z', 1024 * 1024);
        $chunks = str_repeat(dechex(strlen($chunk)) . "\r\n{$chunk}\r\n", 7);
        $answer = $this->server()->raw("POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            . "{$chunks}0\r\n\r\n");
        $this->assertMatches('#\AHTTP/1.1 413 #', $answer);
    }

    public function testAChunkedBodyWithExtensionsAndTrailersIsReadCorrectly(): void
    {
        $answer = $this->server()->raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            . "Connection: close\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");
        $this->assertMatches("#\\AHTTP/1.1 200 OK\r\n#", $answer);
        $this->assertContains("Content-Length: 12\r\n", $answer);
        $this->assertTrue(str_ends_with($answer, "\r\n\r\nhello, world"), $answer);
    }

    public function testAChunkedBodyArrivingInPiecesIsReadCorrectly(): void
    {
        $connection = $this->server()->connect();
        $connection->write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab");
        usleep(50_000); // the point of this test: the rest comes later, in a separate packet
        $connection->write("cd\r\n3\r\nefg\r\n0\r\n\r\n");
        $this->assertSame('abcdefg', $connection->receive()->body);
        $connection->close();
    }

    public function testExpect100ContinueGetsAnInterimAnswer(): void
    {
        $stream = stream_socket_client("tcp://127.0.0.1:{$this->server()->port}");
        fwrite($stream, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        $this->assertSame("HTTP/1.1 100 Continue\r\n", fgets($stream));
        $this->assertSame("\r\n", fgets($stream));
        fwrite($stream, 'ping');
        $this->assertSame("HTTP/1.1 200 OK\r\n", fgets($stream));
        fclose($stream);
    }

    public function testPipelinedRequestsOnOneConnectionEachGetAContentLength(): void
    {
        $answer = $this->server()->raw("GET /text HTTP/1.1\r\nHost: x\r\n\r\nGET /none HTTP/1.1\r\nHost: x\r\n\r\n"
            . "GET /fail HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        preg_match_all('#HTTP/1.1 (\d+) #', $answer, $statuses);
        preg_match_all('#Content-Length: (\d+)#', $answer, $lengths);
        $this->assertSame([['200', '200', '500'], ['11', '0', '11']], [$statuses[1], $lengths[1]]);
        $this->assertTrue(str_ends_with($answer, 'Error: boom'), $answer);
    }

    public function testHttp10ClosesAfterTheAnswer(): void
    {
        $answer = $this->server()->raw("GET /text HTTP/1.0\r\n\r\n");
        $this->assertContains("Connection: close\r\n", $answer);
        $this->assertTrue(str_ends_with($answer, 'hello world'), $answer);
    }

    public function testAMalformedRequestGets400(): void
    {
        $this->assertMatches('#\AHTTP/1.1 400 #', $this->server()->raw("this is not http\r\n\r\n"));
        $badLength = $this->server()->raw("GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
        $this->assertMatches('#\AHTTP/1.1 400 #', $badLength);
    }

    /** 8 workers (the default) take 50 calls of 0.5 s in 7 rounds: 3.5 s, not the 25 s of one at a time. */
    public function test50ParallelCallsAreAllAnsweredByTheWorkersInParallel(): void
    {
        $started = microtime(true);
        $connections = [];
        for ($i = 0; $i < 50; $i++) {
            $connections[$i] = $this->server()->connect();
            $connections[$i]->send('GET', '/sleep?seconds=0.5');
        }
        $bodies = array_map(static fn (HttpConnection $c): string => $c->receive()->body, $connections);
        $this->assertSame(array_fill(0, 50, 'slept 0.5'), $bodies);
        $this->assertLessThan(12, microtime(true) - $started, 'calls ran one after another');
        array_map(static fn (HttpConnection $c) => $c->close(), $connections);
    }
}
