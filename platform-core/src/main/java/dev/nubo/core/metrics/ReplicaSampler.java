package dev.nubo.core.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.Function;
import dev.nubo.core.store.FunctionStore;

/**
 * Keeps {@link InMemoryFunctionMetrics} current in the background: every {@code interval} it samples each function's
 * ready replicas (from {@link FunctionEndpoints}, in memory, where the controller runs in this JVM; else from the
 * stored status) and freezes past minutes; the list of functions comes from the store once a minute, which also
 * drops deleted functions (and their Prometheus series).
 */
public class ReplicaSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSampler.class);
    private static final Duration LIST_EVERY = Duration.ofMinutes(1);

    private final InMemoryFunctionMetrics metrics;
    private final FunctionStore store;
    private final ObjectProvider<FunctionEndpoints> endpoints;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService timer;
    private Map<InMemoryFunctionMetrics.Key, Function> functions = Map.of();
    private Instant listedAt = Instant.MIN;

    public ReplicaSampler(InMemoryFunctionMetrics metrics, FunctionStore store,
            ObjectProvider<FunctionEndpoints> endpoints, Clock clock, Duration interval) {
        this.metrics = metrics;
        this.store = store;
        this.endpoints = endpoints;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * One round: list the functions when due, sample the replicas of those and of every function called since (a
     * new one), freeze past minutes.
     */
    public synchronized void sample() {
        Instant now = clock.instant();
        if (listedAt.equals(Instant.MIN) || Duration.between(listedAt, now).compareTo(LIST_EVERY) >= 0) {
            functions = new HashMap<>();
            store.listAll().forEach(f -> functions.put(new InMemoryFunctionMetrics.Key(f.namespace(), f.name()), f));
            listedAt = now;
            metrics.retainOnly(functions.keySet(), now);
        }
        FunctionEndpoints resolver = endpoints.getIfAvailable();
        Set<InMemoryFunctionMetrics.Key> keys = new HashSet<>(functions.keySet());
        keys.addAll(metrics.tracked());
        for (InMemoryFunctionMetrics.Key key : keys) {
            if (resolver != null) {
                int ready = resolver.route(key.namespace(), key.function()).map(FunctionRoute::endpoints)
                        .map(List::size).orElse(0);
                metrics.recordReplicas(key.namespace(), key.function(), ready);
            } else if (functions.get(key) != null) {
                metrics.recordReplicas(key.namespace(), key.function(), storedReadyReplicas(functions.get(key)));
            }
        }
        metrics.maintain();
    }

    private static int storedReadyReplicas(Function function) {
        return function.status() == null || function.status().replicas() == null ? 0
                : function.status().replicas().ready();
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.warn("Sampling the functions' replicas failed; trying again in {}", interval, e);
        }
    }

    @Override
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("nubo-metrics")
                    .factory());
            timer.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
