<?php

declare(strict_types=1);

namespace Nubo\Tests;

/** The runtime server as the platform runs it: runtime.json's start command, in the code dir, clean environment. */
final class ServerProcess
{
    public readonly int $port;
    private string $log;
    /** @var resource */
    private $process;
    private ?int $exitCode = null;

    /** @param array<string, string> $env */
    public static function start(?string $functionDir = null, ?string $handler = null, array $env = []): self
    {
        return new self($functionDir, $handler, $env);
    }

    /** @param array<string, string> $env */
    private function __construct(?string $functionDir, ?string $handler, array $env)
    {
        $this->port = self::freePort();
        $this->log = tempnam(sys_get_temp_dir(), 'nubo-php-log');
        $codeDir = $functionDir ?? sys_get_temp_dir();
        $fullEnv = array_merge(self::baseEnv($this->port), self::handlerEnv($functionDir, $handler), $env);
        $this->process = proc_open(RuntimeJson::command('start'), [
            0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->log, 'a'], 2 => ['file', $this->log, 'a'],
        ], $pipes, $codeDir, $fullEnv);
        $this->waitUntilListening();
    }

    public function connect(): HttpConnection
    {
        return new HttpConnection($this->port);
    }

    /** @param array<string, string> $headers */
    public function request(string $method, string $path, string $body = '', array $headers = []): HttpResponse
    {
        $connection = $this->connect();
        try {
            return $connection->request($method, $path, $body, $headers);
        } finally {
            $connection->close();
        }
    }

    public function get(string $path, array $headers = []): HttpResponse
    {
        return $this->request('GET', $path, '', $headers);
    }

    public function post(string $path, string $body, array $headers = []): HttpResponse
    {
        return $this->request('POST', $path, $body, $headers);
    }

    public function postJson(string $path, mixed $value): HttpResponse
    {
        return $this->post($path, json_encode($value), ['Content-Type' => 'application/json']);
    }

    /** Sends raw bytes on a new connection and returns all the server answers until it closes. */
    public function raw(string $bytes): string
    {
        $stream = stream_socket_client("tcp://127.0.0.1:{$this->port}", $errno, $error, 5);
        stream_set_timeout($stream, 30);
        fwrite($stream, $bytes);
        stream_socket_shutdown($stream, STREAM_SHUT_WR);
        $answer = stream_get_contents($stream);
        fclose($stream);
        return $answer;
    }

    public function output(): string
    {
        return file_get_contents($this->log);
    }

    public function pid(): int
    {
        return proc_get_status($this->process)['pid'];
    }

    /** @return list<int> the server's child processes: its workers (and any not reaped yet) */
    public function children(): array
    {
        $pid = $this->pid();
        $children = @file_get_contents("/proc/{$pid}/task/{$pid}/children");
        if ($children === false) {
            return [];
        }
        return array_map('intval', preg_split('/\s+/', trim($children), flags: PREG_SPLIT_NO_EMPTY));
    }

    public function terminate(): void
    {
        proc_terminate($this->process, SIGTERM);
    }

    public function exited(): bool
    {
        if ($this->exitCode === null) {
            $status = proc_get_status($this->process);
            if (!$status['running']) {
                $this->exitCode = $status['exitcode'];
            }
        }
        return $this->exitCode !== null;
    }

    /** The exit code once the process ends, or null if it still runs after $seconds. */
    public function waitForExit(float $seconds = 15.0): ?int
    {
        $deadline = microtime(true) + $seconds;
        while (!$this->exited() && microtime(true) < $deadline) {
            usleep(20_000);
        }
        return $this->exitCode;
    }

    public function stop(): void
    {
        if (!$this->exited()) {
            $this->terminate();
            if ($this->waitForExit() === null) {
                proc_terminate($this->process, SIGKILL);
                $this->waitForExit();
            }
        }
        @unlink($this->log);
    }

    private function waitUntilListening(): void
    {
        $deadline = microtime(true) + 10;
        while (true) {
            $stream = @stream_socket_client("tcp://127.0.0.1:{$this->port}", $errno, $error, 1);
            if ($stream !== false) {
                fclose($stream);
                return;
            }
            if ($this->exited() || microtime(true) > $deadline) {
                throw new \RuntimeException("the server did not start:\n" . $this->output());
            }
            usleep(20_000);
        }
    }

    private static function baseEnv(int $port): array
    {
        return [
            'PATH' => '/usr/local/bin:/usr/bin:/bin', 'HOME' => sys_get_temp_dir(), 'LANG' => 'C.UTF-8',
            'FUNC_PORT' => (string) $port, 'FUNC_HOST' => '127.0.0.1', 'FUNC_RUNTIME' => 'php8.2',
        ];
    }

    private static function handlerEnv(?string $functionDir, ?string $handler): array
    {
        if ($handler === null) {
            return [];
        }
        [$module, $function] = explode('.', $handler, 2);
        return ['KUBELESS_INSTALL_VOLUME' => $functionDir, 'MOD_NAME' => $module, 'FUNC_HANDLER' => $function];
    }

    private static function freePort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
        fclose($server);
        return $port;
    }
}
