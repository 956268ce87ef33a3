package dev.nubo.controller.kubernetes;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.pool.PoolSpecializer;

/**
 * The warm pool wakes of {@link FunctionReconciler}, off its reconcile threads: a wake waits for the pool pod's
 * answer to {@code POST /_nubo/specialize} (up to the specialize timeout, the pod downloads the code first), which
 * would hold a reconcile thread — and every other reconcile of that function — as long. A few threads of their own
 * (a bounded queue behind them: a wake that finds it full is left to the Deployment, which is already scaling up), at
 * most one wake per function at a time, and when one ends its function is reconciled again (an event), so the
 * status and the pool pod's fate follow what it did.
 */
final class PoolWakes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolWakes.class);

    /** Wakes specializing at once: each mostly waits on a pod's answer. */
    static final int THREADS = 4;
    /** Wakes waiting for a thread; past that a wake is the Deployment's alone. */
    static final int QUEUE = 64;

    private final Function<FunctionResource, PoolSpecializer.Result> wake;
    private final ThreadPoolExecutor executor;
    private final Set<ResourceID> inFlight = ConcurrentHashMap.newKeySet();
    private final SimpleInboundEventSource<FunctionResource> events = new SimpleInboundEventSource<>("PoolWakes");

    PoolWakes(PoolSpecializer pool) {
        this(pool::wake, THREADS, QUEUE);
    }

    PoolWakes(Function<FunctionResource, PoolSpecializer.Result> wake, int threads, int queue) {
        this.wake = wake;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, Duration.ofSeconds(30).toMillis(),
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
                    Thread thread = new Thread(r, "nubo-pool-wake-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Reconciles a function again when its wake has ended. */
    SimpleInboundEventSource<FunctionResource> events() {
        return events;
    }

    /**
     * Starts bridging {@code function}'s wake from its pool, unless one is under way for it already (or too many
     * are). Returns at once.
     *
     * @param function a copy the caller will not change: the wake reads it on another thread
     * @return whether a wake was started
     */
    boolean start(FunctionResource function) {
        ResourceID id = ResourceID.fromResource(function);
        if (!inFlight.add(id)) {
            return false;
        }
        try {
            executor.execute(() -> run(id, function));
            return true;
        } catch (RejectedExecutionException e) {
            inFlight.remove(id);
            log.info("{}: too many warm pool wakes at once; the function's own pod serves this one", id);
            return false;
        }
    }

    /** Whether a wake of {@code id} is under way. */
    boolean inFlight(ResourceID id) {
        return inFlight.contains(id);
    }

    private void run(ResourceID id, FunctionResource function) {
        try {
            PoolSpecializer.Result result = wake.apply(function);
            if (result.outcome() != PoolSpecializer.Outcome.SPECIALIZED) {
                log.debug("{}: woken without a pool pod: {} ({})", id, result.outcome(), result.detail());
            }
        } catch (RuntimeException e) {
            log.warn("{}: warm pool wake failed: {}", id, e.toString());
        } finally {
            inFlight.remove(id);
            try {
                events.propagateEvent(id);
            } catch (RuntimeException e) {
                // the operator is stopping: nothing left to reconcile
                log.debug("{}: no reconcile after the wake: {}", id, e.toString());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
