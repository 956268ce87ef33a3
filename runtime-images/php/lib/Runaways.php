<?php

declare(strict_types=1);

namespace Nubo;

/**
 * Processes of calls killed at their timeout. SIGKILL always ends a process, but one stuck in the
 * kernel (uninterruptible I/O) lingers; while one does, /healthz answers 503.
 */
final class Runaways
{
    private const GRACE_SECONDS = 2.0;

    /** @var array<int, float> pid => when it was killed */
    private array $killed = [];

    public function killed(int $pid): void
    {
        $this->killed[$pid] = Clock::now();
    }

    /** Collects every child process that ended, so none stays a zombie. */
    public function reap(): void
    {
        while (($pid = pcntl_waitpid(-1, $status, WNOHANG)) > 0) {
            unset($this->killed[$pid]);
        }
    }

    public function running(): bool
    {
        $now = Clock::now();
        foreach ($this->killed as $killedAt) {
            if ($now - $killedAt > self::GRACE_SECONDS) {
                return true;
            }
        }
        return false;
    }
}
