package dev.nubo.controller.pool;

import java.nio.file.Path;
import java.time.Instant;

import dev.nubo.controller.sandbox.Confinement;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.runtime.InstalledRuntime;

/**
 * One unspecialized runtime server of the pool.
 *
 * @param slot              its directory: the function's code and dependencies are linked into it at specialization
 *                          (it sees nothing else of the data directory), and the function's log as {@code log}
 * @param specializeToken   the secret {@code /_nubo/specialize} asks for, so only the platform specializes it
 */
public record Pooled(InstalledRuntime runtime, String instanceId, Endpoint endpoint, Process process,
        Confinement confinement, Path slot, String specializeToken, Instant startedAt) {
}
