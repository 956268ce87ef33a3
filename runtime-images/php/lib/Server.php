<?php

declare(strict_types=1);

namespace Nubo;

/**
 * One process, one event loop (stream_select) for every connection and for the worker processes that
 * run the handler (see Pool), so metrics, specialization and health live here in one place.
 * SIGTERM/SIGINT: stop accepting, let calls in flight finish (at most 10 s), exit 0.
 */
final class Server
{
    private const READ_BYTES = 262144;
    private const SHUTDOWN_GRACE_SECONDS = 10.0;
    private const LINGER_SECONDS = 2.0;
    private const MAX_WAIT_SECONDS = 1.0;
    /** How long idle workers get to end (and run the function's shutdown functions) when the server stops. */
    private const WORKER_EXIT_SECONDS = 2.0;

    private App $app;
    /** @var resource|null */
    private $listener = null;
    /** @var array<int, Connection> by stream id */
    private array $connections = [];
    private bool $stopRequested = false;
    private ?float $stopDeadline = null;

    public function __construct(private readonly Settings $settings)
    {
        $this->app = new App($settings, $this->forgetStreams(...), $this->finishCall(...));
    }

    public function run(): never
    {
        $this->app->loadFromEnv();
        $this->listen();
        $this->trapSignals();
        fwrite(STDOUT, "nubo php runtime listening on {$this->settings->host}:{$this->settings->port}\n");
        while (!$this->stopped()) {
            $this->waitAndServe();
            $this->app->pool()?->tick();
            $this->app->runaways->reap();
            $this->stopIfRequested();
        }
        $this->app->pool()?->stop(self::WORKER_EXIT_SECONDS);
        exit(0);
    }

    /** In a forked process: close the sockets inherited from the server, so that closing them here works. */
    private function forgetStreams(): void
    {
        foreach ($this->connections as $connection) {
            fclose($connection->stream);
        }
        foreach ($this->app->pool()?->streams() ?? [] as $stream) {
            fclose($stream);
        }
        if ($this->listener !== null) {
            fclose($this->listener);
        }
    }

    private function listen(): void
    {
        $host = str_contains($this->settings->host, ':') ? "[{$this->settings->host}]" : $this->settings->host;
        $context = stream_context_create(['socket' => ['backlog' => 1024, 'tcp_nodelay' => true]]);
        $listener = stream_socket_server("tcp://{$host}:{$this->settings->port}", $errno, $error,
            STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
        if ($listener === false) {
            fwrite(STDERR, "cannot listen on {$host}:{$this->settings->port}: {$error}\n");
            exit(1);
        }
        stream_set_blocking($listener, false);
        $this->listener = $listener;
    }

    private function trapSignals(): void
    {
        pcntl_async_signals(true);
        pcntl_signal(SIGPIPE, SIG_IGN);
        foreach ([SIGTERM, SIGINT] as $signal) {
            pcntl_signal($signal, function (): void {
                $this->stopRequested = true;
            });
        }
    }

    private function waitAndServe(): void
    {
        $read = $this->listener === null ? [] : [$this->listener];
        $write = [];
        foreach ($this->connections as $connection) {
            if ($connection->unsent !== '') {
                $write[] = $connection->stream;
            } elseif (!$connection->busy) {
                $read[] = $connection->stream;
            }
        }
        $pool = $this->app->pool();
        if ($pool !== null) {
            array_push($read, ...$pool->streams());
            array_push($write, ...$pool->streamsToWrite());
        }
        $except = null;
        $wait = $this->waitSeconds();
        if (@stream_select($read, $write, $except, (int) $wait, (int) (fmod($wait, 1) * 1e6)) === false) {
            return; // interrupted by a signal
        }
        foreach ($read as $stream) {
            $this->readable($stream);
        }
        foreach ($write as $stream) {
            if (isset($this->connections[(int) $stream])) {
                $this->send($this->connections[(int) $stream]);
            } elseif ($pool?->owns($stream)) {
                $pool->writable($stream);
            }
        }
    }

    /** Until the next call deadline, worker start or linger end, at most MAX_WAIT_SECONDS (health and stop checks). */
    private function waitSeconds(): float
    {
        $next = Clock::now() + self::MAX_WAIT_SECONDS;
        $next = $this->app->pool()?->nextWakeup($next) ?? $next;
        foreach ($this->connections as $connection) {
            $next = min($next, $connection->lingerUntil ?? $next);
        }
        return max(0.0, $next - Clock::now());
    }

    /** @param resource $stream */
    private function readable($stream): void
    {
        $id = (int) $stream;
        if ($stream === $this->listener) {
            $this->accept();
        } elseif ($this->app->pool()?->owns($stream)) {
            $this->app->pool()->readable($stream);
        } elseif (isset($this->connections[$id])) {
            $this->receive($this->connections[$id]);
        }
    }

    private function accept(): void
    {
        while (($stream = @stream_socket_accept($this->listener, 0)) !== false) {
            stream_set_blocking($stream, false);
            $this->connections[(int) $stream] = new Connection($stream, $this->settings->maxBodyBytes);
        }
    }

    private function receive(Connection $connection): void
    {
        $data = @fread($connection->stream, self::READ_BYTES);
        if ($data === false || ($data === '' && feof($connection->stream))) {
            $this->close($connection);
            return;
        }
        if ($connection->lingerUntil === null) {
            $connection->received .= $data;
            $this->process($connection);
        }
    }

    /** Serves the requests that arrived complete, one at a time. */
    private function process(Connection $connection): void
    {
        while (!$connection->busy && !$connection->closeWhenSent && !$connection->closed) {
            try {
                $request = $connection->parser->parse($connection->received);
            } catch (HttpError $e) {
                $this->refuse($connection, $e);
                return;
            }
            if ($connection->parser->wantsContinue) {
                $connection->parser->continueSent();
                $connection->unsent .= "HTTP/1.1 100 Continue\r\n\r\n";
                $this->send($connection);
            }
            if ($request === null) {
                return;
            }
            $this->serve($connection, $request);
        }
    }

    private function serve(Connection $connection, Request $request): void
    {
        $connection->busy = true;
        $startedAt = Clock::now();
        $response = $this->app->handle($request, $connection, $startedAt);
        if ($response !== null) {
            $this->answer($connection, $request, $response, $startedAt);
        }
    }

    /**
     * A call's answer from the pool: its worker's response, or 408/500 when that could not come. The call
     * is counted before its answer is written (not at all when the handler did not run).
     */
    private function finishCall(Job $job, Response $response): void
    {
        if ($response->counted) {
            $this->app->record($job->request, $response, Clock::now() - $job->startedAt);
        }
        $this->answer($job->client, $job->request, $response, $job->startedAt);
    }

    private function answer(Connection $connection, Request $request, Response $response, float $startedAt): void
    {
        if ($this->app->logged($request)) {
            $this->log($request->method, $request->path, $response->status, $startedAt);
        }
        if ($connection->closed) {
            return; // the client left while its call ran
        }
        $keepAlive = $request->keepAlive() && !$this->stopRequested;
        $connection->unsent .= $response->toBytes($keepAlive, $request->method === 'HEAD');
        $connection->closeWhenSent = !$keepAlive;
        $connection->busy = false;
        $this->send($connection);
        $this->process($connection); // a pipelined request may be waiting
    }

    /** A request that could not be read: answer, then drop what the client still sends for a while before
     * closing, so that it reads the answer instead of a connection reset. */
    private function refuse(Connection $connection, HttpError $error): void
    {
        $request = $connection->parser->current();
        $this->log($request->method ?? '-', $request->path ?? '-', $error->status, Clock::now());
        $connection->unsent .= Response::text($error->status, 'Error: ' . $error->getMessage())->toBytes(false, false);
        $connection->closeWhenSent = true;
        $connection->lingerUntil = Clock::now() + self::LINGER_SECONDS;
        $this->send($connection);
    }

    private function send(Connection $connection): void
    {
        if ($connection->closed) {
            return;
        }
        $written = @fwrite($connection->stream, $connection->unsent);
        if ($written === false) {
            $this->close($connection);
            return;
        }
        $connection->unsent = (string) substr($connection->unsent, $written);
        if ($connection->unsent !== '' || !$connection->closeWhenSent) {
            return;
        }
        if ($connection->lingerUntil === null) {
            $this->close($connection);
        } else {
            stream_socket_shutdown($connection->stream, STREAM_SHUT_WR);
        }
    }

    private function close(Connection $connection): void
    {
        if (!$connection->closed) {
            $connection->closed = true;
            fclose($connection->stream);
            unset($this->connections[(int) $connection->stream]);
        }
    }

    private function stopIfRequested(): void
    {
        $now = Clock::now();
        foreach ($this->connections as $connection) {
            if ($connection->lingerUntil !== null && $now >= $connection->lingerUntil) {
                $this->close($connection);
            }
        }
        if (!$this->stopRequested) {
            return;
        }
        if ($this->listener !== null) {
            fclose($this->listener);
            $this->listener = null;
            $this->stopDeadline = $now + self::SHUTDOWN_GRACE_SECONDS;
        }
        foreach ($this->connections as $connection) {
            if ($connection->idle()) {
                $this->close($connection);
            }
        }
    }

    private function stopped(): bool
    {
        return $this->stopDeadline !== null
            && (!($this->app->pool()?->busy() ?? false) && $this->connections === []
                || Clock::now() >= $this->stopDeadline);
    }

    /** One line per call: <RFC 3339 time> <METHOD> <path> <status> <milliseconds>ms */
    private function log(string $method, string $path, int $status, float $startedAt): void
    {
        $millis = sprintf('%.1f', (Clock::now() - $startedAt) * 1000);
        fwrite(STDOUT, Event::rfc3339(microtime(true)) . " {$method} {$path} {$status} {$millis}ms\n");
    }
}
