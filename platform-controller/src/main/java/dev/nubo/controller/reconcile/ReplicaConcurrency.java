package dev.nubo.controller.reconcile;

import java.util.Optional;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.runtime.InstalledRuntime;

/**
 * How many calls one replica of a function is given at once (its routes' containerConcurrency): the function's
 * {@code scaling.containerConcurrency}, else the platform's default; a runtime that serves each connection on a
 * thread of its own ({@code threadPerConnection} in its runtime.json: Python, Ruby) is held to half the sandbox's
 * process limit, so a burst never makes its replica run out of threads (the rest stays for what the handler starts).
 */
final class ReplicaConcurrency {

    private final int platformDefault;
    private final int threadBound;
    private final java.util.function.Function<String, Optional<InstalledRuntime>> runtimes;

    /**
     * @param processLimit processes and threads one replica may run, 0 when unlimited
     * @param runtimes     the installed runtime of a runtime id
     */
    ReplicaConcurrency(int platformDefault, int processLimit,
            java.util.function.Function<String, Optional<InstalledRuntime>> runtimes) {
        this.platformDefault = platformDefault;
        this.threadBound = processLimit > 0 ? Math.max(1, processLimit / 2) : 0;
        this.runtimes = runtimes;
    }

    int of(Function function) {
        int cap = Scaling.containerConcurrencyOf(function.spec().scaling(), platformDefault);
        if (threadBound > 0 && runtimes.apply(function.spec().runtime())
                .map(runtime -> Boolean.TRUE.equals(runtime.descriptor().threadPerConnection())).orElse(false)) {
            cap = Math.min(cap, threadBound);
        }
        return cap;
    }
}
