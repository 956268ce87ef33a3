<?php

declare(strict_types=1);

namespace Nubo;

/**
 * A pooled server was started before it knew its function, so its stdout and stderr went elsewhere; at
 * specialization descriptors 1 and 2 become the function's log (before the workers are forked, so they and the
 * function's child processes write there too). PHP cannot move a descriptor, so this calls libc's dup2 through FFI;
 * STDOUT and STDERR keep their descriptors and follow.
 */
final class OutputRedirect
{
    private const LIBC = <<<'C'
        int open(const char *path, int flags, unsigned int mode);
        int dup(int fd);
        int dup2(int from, int to);
        int close(int fd);
        C;
    private const O_WRONLY_CREAT_APPEND = 0x1 | 0x40 | 0x400;

    /** @param list<int> $saved the descriptors 1 and 2 had */
    private function __construct(private readonly \FFI $libc, private array $saved)
    {
    }

    /** @throws FunctionLoadError when the log cannot be opened or FFI is not available */
    public static function to(string $logFile): self
    {
        if (!extension_loaded('ffi')) {
            throw new FunctionLoadError('logFile needs PHP\'s FFI extension, which is not loaded');
        }
        try {
            $libc = \FFI::cdef(self::LIBC, 'libc.so.6');
        } catch (\FFI\Exception $e) {
            throw new FunctionLoadError("logFile: cannot call libc: {$e->getMessage()}");
        }
        $log = $libc->open($logFile, self::O_WRONLY_CREAT_APPEND, 0644);
        if ($log < 0) {
            throw new FunctionLoadError("cannot open log file {$logFile}");
        }
        $saved = [$libc->dup(1), $libc->dup(2)];
        $libc->dup2($log, 1);
        $libc->dup2($log, 2);
        $libc->close($log);
        return new self($libc, $saved);
    }

    public function keep(): void
    {
        foreach ($this->saved as $fd) {
            $this->libc->close($fd);
        }
        $this->saved = [];
    }

    public function undo(): void
    {
        foreach ($this->saved as $index => $fd) {
            $this->libc->dup2($fd, $index + 1);
            $this->libc->close($fd);
        }
        $this->saved = [];
    }
}
