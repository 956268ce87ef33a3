<?php

declare(strict_types=1);

namespace Nubo;

/** Everything needed to load and describe one function, from the environment or a specialize request. */
final class FunctionSpec
{
    public function __construct(
        public readonly string $codeDir,
        public readonly ?string $depsDir,
        public readonly string $moduleName,
        public readonly string $handlerName,
        public readonly string $functionName,
        public readonly float $timeout,
        public readonly string $runtime,
        public readonly string $memoryLimit,
    ) {
    }

    public function file(): string
    {
        return $this->codeDir . '/' . $this->moduleName . '.php';
    }

    /** Kubeless passed the timeout as a string; "30" rather than "30.0" for whole seconds. */
    public function timeoutText(): string
    {
        return $this->timeout == floor($this->timeout) ? (string) (int) $this->timeout : (string) $this->timeout;
    }

    /** The contract's variables as a cold start would set them, so the code sees the same environment. */
    public function environment(): array
    {
        return array_filter([
            'MOD_NAME' => $this->moduleName, 'FUNC_HANDLER' => $this->handlerName,
            'FUNC_NAME' => $this->functionName, 'FUNC_TIMEOUT' => $this->timeoutText(),
            'FUNC_RUNTIME' => $this->runtime, 'FUNC_MEMORY_LIMIT' => $this->memoryLimit,
            'KUBELESS_INSTALL_VOLUME' => $this->codeDir, 'NUBO_DEPS_DIR' => $this->depsDir,
        ], fn ($value) => $value !== null);
    }
}
