<?php

declare(strict_types=1);

namespace Nubo;

/**
 * A fixed number of persistent worker processes, each forked from the server and loading the function
 * itself, then taking calls one at a time over a socket pair (as php-fpm's children do). Calls queue
 * when every worker is busy. The server's event loop drives it: it selects on streams() and calls
 * readable(), writable() and tick().
 *
 * A worker is replaced when it ends (exit(), fatal error, killed from outside) and when the server
 * kills it at a call's deadline; a replacement that fails to load is retried every RETRY_SECONDS.
 */
final class Pool
{
    private const READ_BYTES = 262144;
    private const RETRY_SECONDS = 1.0;

    /** @var array<int, Worker> by stream id */
    private array $workers = [];
    /** @var list<int> stream ids of idle workers; the last one to finish is used first (warm caches) */
    private array $idle = [];
    /** @var \SplQueue<Job> calls waiting for a worker, oldest first (so also by deadline) */
    private \SplQueue $queue;
    /** @var list<float> when to start workers that are missing */
    private array $spawnAt = [];
    private bool $stopping = false;

    /**
     * @param \Closure(): void $forgetServerStreams run in a new worker: closes the server's sockets
     * @param \Closure(Job, Response): void $finish receives every call's answer
     */
    public function __construct(
        private readonly FunctionSpec $spec,
        private readonly int $size,
        private readonly Runaways $runaways,
        private readonly \Closure $forgetServerStreams,
        private readonly \Closure $finish,
    ) {
        $this->queue = new \SplQueue();
    }

    /**
     * Starts one worker and waits until it has loaded the function: that is the load check (a fatal
     * error in the function's file ends the worker, not the server). The others start at the next
     * tick() and load while calls are already served.
     *
     * @throws FunctionLoadError
     */
    public function start(): void
    {
        $first = $this->spawn();
        $message = $this->awaitFirstMessage($first);
        if (($message[0] ?? null) !== 'ready') {
            $this->remove($first);
            pcntl_waitpid($first->pid, $status);
            throw new FunctionLoadError($message[1] ?? 'loading the code ended the process');
        }
        $this->becomeIdle($first);
        for ($i = 1; $i < $this->size; $i++) {
            $this->spawnAt[] = 0.0; // by the next tick(), so that the server listens first
        }
    }

    /** Runs the call on an idle worker, or queues it. */
    public function submit(Job $job): void
    {
        if ($this->queue->isEmpty() && $this->idle !== []) {
            $this->run($this->workers[array_pop($this->idle)], $job);
        } else {
            $this->queue->enqueue($job);
        }
    }

    /** @return list<resource> every worker's stream: all are read (answers, and the end of a worker) */
    public function streams(): array
    {
        return array_map(static fn (Worker $w) => $w->stream, array_values($this->workers));
    }

    /** @return list<resource> streams with a call message still to write */
    public function streamsToWrite(): array
    {
        $streams = [];
        foreach ($this->workers as $worker) {
            if ($worker->outbox !== '') {
                $streams[] = $worker->stream;
            }
        }
        return $streams;
    }

    public function owns(mixed $stream): bool
    {
        return isset($this->workers[(int) $stream]);
    }

    /** Calls queued or running. */
    public function busy(): bool
    {
        if (!$this->queue->isEmpty()) {
            return true;
        }
        foreach ($this->workers as $worker) {
            if ($worker->job !== null) {
                return true;
            }
        }
        return false;
    }

    /** When tick() has something to do at the latest. */
    public function nextWakeup(float $until): float
    {
        foreach ($this->workers as $worker) {
            if ($worker->job !== null) {
                $until = min($until, $worker->job->deadline);
            }
        }
        if (!$this->queue->isEmpty()) {
            $until = min($until, $this->queue->bottom()->deadline);
        }
        foreach ($this->spawnAt as $at) {
            $until = min($until, $at);
        }
        return $until;
    }

    /** @param resource $stream */
    public function readable($stream): void
    {
        $worker = $this->workers[(int) $stream];
        $data = @fread($stream, self::READ_BYTES);
        if ($data === false || $data === '' && feof($stream)) {
            $this->ended($worker);
            return;
        }
        $worker->inbox .= $data;
        try {
            while (isset($this->workers[$worker->id()]) && ($message = Frame::take($worker->inbox)) !== null) {
                $this->received($worker, $message);
            }
        } catch (\UnexpectedValueException $e) {
            fwrite(STDERR, "worker {$worker->pid}: {$e->getMessage()}\n");
            $this->kill($worker);
            $this->ended($worker);
        }
    }

    /** @param resource $stream */
    public function writable($stream): void
    {
        $worker = $this->workers[(int) $stream];
        $written = @fwrite($stream, $worker->outbox);
        if ($written === false) {
            return; // the worker is gone: reading its stream tells
        }
        $worker->outbox = (string) substr($worker->outbox, $written);
    }

    /** Answers 408 for calls past their deadline (killing their worker), starts missing workers. */
    public function tick(): void
    {
        $now = Clock::now();
        foreach ($this->workers as $worker) {
            if ($worker->job !== null && $now >= $worker->job->deadline) {
                $job = $worker->job;
                $this->kill($worker);
                $this->remove($worker);
                $this->spawnAt[] = $now;
                ($this->finish)($job, Response::text(408, 'Timeout exceeded'));
            }
        }
        while (!$this->queue->isEmpty() && $now >= $this->queue->bottom()->deadline) {
            ($this->finish)($this->queue->dequeue(), Response::text(408, 'Timeout exceeded'));
        }
        $this->spawnMissing($now);
    }

    /**
     * The server stops: calls still running get SIGKILL, idle workers see their socket close and end
     * normally (the function's shutdown functions run); waits up to $seconds for them.
     */
    public function stop(float $seconds): void
    {
        $this->stopping = true;
        $this->spawnAt = [];
        $pids = [];
        foreach ($this->workers as $worker) {
            if ($worker->job !== null) {
                $this->kill($worker);
            }
            $pids[$worker->pid] = true;
            $this->remove($worker);
        }
        $deadline = Clock::now() + $seconds;
        while ($pids !== [] && Clock::now() < $deadline) {
            $pid = pcntl_waitpid(-1, $status, WNOHANG);
            if ($pid > 0) {
                unset($pids[$pid]);
            } elseif ($pid < 0) {
                return; // no children left
            } else {
                usleep(5_000);
            }
        }
        foreach (array_keys($pids) as $pid) {
            posix_kill($pid, SIGKILL);
        }
    }

    private function received(Worker $worker, array $message): void
    {
        match ($message[0]) {
            'ready' => $this->ready($worker),
            'failed' => $this->failedToLoad($worker, (string) ($message[1] ?? '')),
            'response' => $this->answered($worker, $message),
            default => throw new \UnexpectedValueException("unexpected message {$message[0]}"),
        };
    }

    private function ready(Worker $worker): void
    {
        if ($worker->state !== Worker::LOADING) {
            throw new \UnexpectedValueException('ready twice');
        }
        if (!$this->queue->isEmpty()) {
            $this->becomeIdle($worker);
            return;
        }
        // a fresh worker's caches are cold: it goes under the workers that have served, which are used first
        $worker->state = Worker::IDLE;
        array_unshift($this->idle, $worker->id());
    }

    private function failedToLoad(Worker $worker, string $error): void
    {
        fwrite(STDERR, "a new worker could not load the function (retrying in " . self::RETRY_SECONDS . " s): {$error}\n");
        $this->remove($worker);
        $this->spawnAt[] = Clock::now() + self::RETRY_SECONDS;
    }

    private function answered(Worker $worker, array $message): void
    {
        $job = $worker->job ?? throw new \UnexpectedValueException('an answer without a call');
        [, $status, $contentType, $body, $last, $counted] = $message;
        $worker->job = null;
        if ($last) {
            $this->remove($worker); // it ends now (exit() or a fatal error): a new one takes its place
            $this->spawnAt[] = Clock::now();
            $this->spawnMissing(Clock::now());
        } else {
            $this->becomeIdle($worker);
        }
        ($this->finish)($job, new Response((int) $status, $contentType, (string) $body, [], (bool) $counted));
    }

    /** The worker's stream closed without a goodbye: it crashed, or was killed from outside. */
    private function ended(Worker $worker): void
    {
        if (!isset($this->workers[$worker->id()])) {
            return;
        }
        $job = $worker->job;
        $wasLoading = $worker->state === Worker::LOADING;
        $this->remove($worker);
        $this->spawnAt[] = Clock::now() + ($wasLoading ? self::RETRY_SECONDS : 0.0);
        if ($wasLoading) {
            fwrite(STDERR, "a new worker ended while loading the function (retrying in " . self::RETRY_SECONDS . " s)\n");
        }
        if ($job !== null && $worker->outbox !== '') {
            // It ended before reading the whole call, so the call never started: the next worker takes it.
            $this->queue->unshift($job);
            $job = null;
            $this->dispatch();
        }
        $this->spawnMissing(Clock::now());
        if ($job !== null) {
            ($this->finish)($job, Response::text(500, 'Error: the process running the call ended unexpectedly'));
        }
    }

    private function becomeIdle(Worker $worker): void
    {
        if (!$this->queue->isEmpty()) {
            $this->run($worker, $this->queue->dequeue());
            return;
        }
        $worker->state = Worker::IDLE;
        $this->idle[] = $worker->id();
    }

    /** Hands queued calls to idle workers. */
    private function dispatch(): void
    {
        while (!$this->queue->isEmpty() && $this->idle !== []) {
            $this->run($this->workers[array_pop($this->idle)], $this->queue->dequeue());
        }
    }

    private function run(Worker $worker, Job $job): void
    {
        $worker->state = Worker::BUSY;
        $worker->job = $job;
        $worker->outbox = Frame::encode($job->message());
        $this->writable($worker->stream);
    }

    private function spawnMissing(float $now): void
    {
        foreach ($this->spawnAt as $key => $at) {
            if ($at > $now || $this->stopping) {
                continue;
            }
            unset($this->spawnAt[$key]);
            try {
                $this->spawn();
            } catch (\RuntimeException $e) {
                fwrite(STDERR, "cannot start a worker (retrying in " . self::RETRY_SECONDS . " s): {$e->getMessage()}\n");
                $this->spawnAt[] = $now + self::RETRY_SECONDS;
            }
        }
    }

    /** @throws \RuntimeException when the process cannot be forked */
    private function spawn(): Worker
    {
        $pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
        if ($pair === false) {
            throw new \RuntimeException('cannot create a socket pair');
        }
        [$serverEnd, $workerEnd] = $pair;
        $pid = pcntl_fork();
        if ($pid === -1) {
            fclose($serverEnd);
            fclose($workerEnd);
            throw new \RuntimeException('cannot fork: ' . pcntl_strerror(pcntl_get_last_error()));
        }
        if ($pid === 0) {
            fclose($serverEnd);
            ($this->forgetServerStreams)();
            WorkerProcess::run($workerEnd, $this->spec);
        }
        fclose($workerEnd);
        stream_set_blocking($serverEnd, false);
        $worker = new Worker($pid, $serverEnd);
        $this->workers[$worker->id()] = $worker;
        return $worker;
    }

    /** Blocks until the worker's first message, or null when it ends without one. */
    private function awaitFirstMessage(Worker $worker): ?array
    {
        while (true) {
            $read = [$worker->stream];
            $write = $except = null;
            if (@stream_select($read, $write, $except, null) === false) {
                continue; // interrupted by a signal
            }
            $data = @fread($worker->stream, self::READ_BYTES);
            if ($data === false || $data === '' && feof($worker->stream)) {
                return null;
            }
            $worker->inbox .= $data;
            try {
                if (($message = Frame::take($worker->inbox)) !== null) {
                    return $message;
                }
            } catch (\UnexpectedValueException) {
                $this->kill($worker);
                return null;
            }
        }
    }

    private function kill(Worker $worker): void
    {
        posix_kill($worker->pid, SIGKILL);
        $this->runaways->killed($worker->pid);
    }

    private function remove(Worker $worker): void
    {
        unset($this->workers[$worker->id()]);
        $at = array_search($worker->id(), $this->idle, true);
        if ($at !== false) {
            array_splice($this->idle, $at, 1);
        }
        fclose($worker->stream);
    }
}
