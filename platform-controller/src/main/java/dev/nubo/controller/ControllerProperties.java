package dev.nubo.controller;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The local process supervisor ({@code nubo.controller.*}).
 *
 * @param bindAddress        where replicas listen (loopback: only the platform reaches them)
 * @param buildTimeout       longest a dependency install or compile may take
 * @param startTimeout       longest a replica may take from spawn to a healthy /healthz
 * @param healthInterval     how often ready replicas are probed (each one, while they fit the probe budget)
 * @param maxProbesPerSecond health probes per second at most, all replicas together: with more ready replicas than
 *                           fit, each round probes the next slice, so each replica is probed less often
 * @param unhealthyThreshold consecutive failed probes before a replica is recycled
 * @param drainDelay         how long a replaced replica keeps serving calls already routed to it
 * @param stopTimeout        SIGTERM → SIGKILL grace
 * @param restartBackoffMax  upper bound of the crash-restart backoff (1 s, 2 s, 4 s, …)
 * @param buildRetryDelay    first wait before a build that failed on an unreachable registry or download host is
 *                           tried again (doubling, up to 10 min)
 * @param resyncInterval     full reconcile of every function, in case an event was missed
 * @param allowPrivateSourceUrls let URL sources point at loopback/private addresses (tests, air-gapped mirrors)
 * @param logMaxMegabytes    size of one function log file before it rotates (3 files are kept)
 * @param gatewayUrl         base URL of the function gateway, shown as each function's status.endpoint
 * @param searchPath         where interpreters are looked for; empty = the platform's PATH
 * @param maxConcurrentBuilds  builds (dependency installs, compiles) running at once; more wait in line
 * @param maxConcurrentStarts  replicas starting (spawned, not yet healthy) at once; more wait in line
 * @param maxRunningReplicas   replicas alive on this machine at most, all functions together; more wait, and their
 *                             function's status says so
 * @param startIntervalWhileWritesWait while API writes wait for their turn (clients send changes faster than the API
 *                             takes them), at most one replica start begins per this interval, the rest wait in line:
 *                             a replica's start (sandbox, interpreter) takes the CPU the API answers with. 0 = starts
 *                             never hold back
 * @param minFreeMemory        memory the machine keeps available: no replica starts while less is available
 * @param autoscaleInterval    how often calls in flight are sampled and the autoscaler decides
 * @param autoscaleStableWindow the average that sets replicas (and how long a scale-down waits)
 * @param autoscalePanicWindow the short average that scales up at once when load jumps
 * @param functionNiceness     how far below the platform's CPU priority replicas and builds run (nice, 0–19): the
 *                             API, gateway and triggers stay responsive while functions saturate the CPU
 * @param containerConcurrency calls one replica is given at once when its function's {@code scaling.containerConcurrency}
 *                           says nothing; more wait at the dispatcher (a runtime serving each connection on a thread
 *                           of its own is held to half the sandbox's process limit either way)
 * @param concurrentReconciles functions reconciled at once; more wait in line (each function's reconciles still run one
 *                           at a time). A burst of creates made a reconcile per function at once, and an API request
 *                           queued for a carrier behind all of them
 */
@ConfigurationProperties("nubo.controller")
public record ControllerProperties(
        @DefaultValue("127.0.0.1") String bindAddress,
        @DefaultValue("10m") Duration buildTimeout,
        @DefaultValue("60s") Duration startTimeout,
        @DefaultValue("2s") Duration healthInterval,
        @DefaultValue("50") int maxProbesPerSecond,
        @DefaultValue("3") int unhealthyThreshold,
        @DefaultValue("1s") Duration drainDelay,
        @DefaultValue("10s") Duration stopTimeout,
        @DefaultValue("60s") Duration restartBackoffMax,
        @DefaultValue("30s") Duration buildRetryDelay,
        @DefaultValue("30s") Duration resyncInterval,
        @DefaultValue("false") boolean allowPrivateSourceUrls,
        @DefaultValue("64") int maxSourceUrlMegabytes,
        @DefaultValue("10") int logMaxMegabytes,
        @DefaultValue("http://127.0.0.1:8081") String gatewayUrl,
        @DefaultValue("") String searchPath,
        @DefaultValue("2") int maxConcurrentBuilds,
        @DefaultValue("4") int maxConcurrentStarts,
        @DefaultValue("1000") int maxRunningReplicas,
        @DefaultValue("1s") Duration startIntervalWhileWritesWait,
        @DefaultValue("256MB") DataSize minFreeMemory,
        @DefaultValue("100ms") Duration autoscaleInterval,
        @DefaultValue("60s") Duration autoscaleStableWindow,
        @DefaultValue("1s") Duration autoscalePanicWindow,
        @DefaultValue("10") int functionNiceness,
        @DefaultValue("100") int containerConcurrency,
        @DefaultValue("4") int concurrentReconciles) {

    public ControllerProperties {
        if (concurrentReconciles < 1) {
            throw new IllegalArgumentException("nubo.controller.concurrent-reconciles must be at least 1");
        }
        if (containerConcurrency < 1 || containerConcurrency > dev.nubo.core.function.Scaling.MAX_CONTAINER_CONCURRENCY) {
            throw new IllegalArgumentException("nubo.controller.container-concurrency must be between 1 and "
                    + dev.nubo.core.function.Scaling.MAX_CONTAINER_CONCURRENCY);
        }
    }
}
