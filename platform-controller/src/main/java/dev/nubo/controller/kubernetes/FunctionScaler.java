package dev.nubo.controller.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

import dev.nubo.core.autoscale.Autoscaler;
import dev.nubo.core.autoscale.FunctionConcurrency;
import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.core.autoscale.LoadHistory;
import dev.nubo.core.function.FunctionStatus.ScalingDecision;
import dev.nubo.core.function.Scaling;
import dev.nubo.kubernetes.crd.FunctionResource;

/**
 * The Kubernetes backend's autoscaler, KEDA-style: every sample interval it reads each scaling function's calls in
 * flight and held from the gateway ({@link FunctionConcurrency}), runs the same KPA math as the local backend
 * ({@link Autoscaler}: stable and panic windows, scale to zero after idleSeconds), and when the desired replicas
 * change asks the {@link FunctionReconciler} to write them to the Deployment. A call held for a function at zero, or
 * a {@link FunctionWaker#WAKE_ANNOTATION} newer than the last one seen, wakes it at once (desired ≥ 1).
 * Functions with minReplicas = maxReplicas ≥ 1 are not its business: their Deployment keeps minReplicas.
 */
final class FunctionScaler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FunctionScaler.class);

    /** One function's scaling state; guarded by itself. */
    private static final class State {
        final LoadHistory history;
        Scaling scaling;
        int desired;
        int ready;
        long panicUntil;
        Instant lastActivity;
        String lastWake;
        ScalingDecision last;

        State(int samples, Scaling scaling, Integer current, Instant now) {
            this.history = new LoadHistory(samples);
            this.scaling = scaling;
            this.lastActivity = now;
            // what runs already (an operator restart changes nothing); a new function starts with a replica, so its
            // first call is not a cold start
            this.desired = current != null ? current : Math.max(1, scaling.min());
        }
    }

    private final FunctionConcurrency concurrency;
    private final Autoscaler autoscaler;
    private final Duration sampleInterval;
    private final int samples;
    private final Clock clock;
    private final Map<ResourceID, State> states = new ConcurrentHashMap<>();
    private final SimpleInboundEventSource<FunctionResource> events = new SimpleInboundEventSource<>("FunctionScaler");
    private volatile Function<ResourceID, Optional<FunctionResource>> functions = id -> Optional.empty();
    private ScheduledExecutorService ticker;

    FunctionScaler(FunctionConcurrency concurrency, Autoscaler.Settings settings, Duration sampleInterval, Clock clock) {
        this.concurrency = concurrency;
        this.autoscaler = new Autoscaler(settings);
        this.sampleInterval = sampleInterval;
        this.samples = (int) (settings.stableWindow().toMillis() / Math.max(1, sampleInterval.toMillis())) + 1;
        this.clock = clock;
    }

    /** Whether the scaler decides the function's replicas (else the Deployment keeps minReplicas). */
    static boolean scales(Scaling scaling) {
        return scaling != null && (scaling.min() == 0 || scaling.max() > scaling.min());
    }

    /** Tells the reconciler when a decision changed. */
    SimpleInboundEventSource<FunctionResource> events() {
        return events;
    }

    /** Where the scaler looks the Functions up (the operator's informer cache). */
    void readFunctionsFrom(Function<ResourceID, Optional<FunctionResource>> cache) {
        this.functions = cache;
    }

    /**
     * The replicas the Deployment of {@code function} should have now.
     *
     * @param current its Deployment's replicas, null before it exists
     * @param ready   its ready replicas
     */
    int desired(FunctionResource function, Integer current, int ready) {
        ResourceID id = ResourceID.fromResource(function);
        Scaling scaling = function.getSpec().scaling();
        State state = states.computeIfAbsent(id, i -> new State(samples, scaling, current, clock.instant()));
        synchronized (state) {
            state.scaling = scaling;
            state.ready = ready;
            wakeIfAsked(state, function);
            int bounded = Math.min(Math.max(state.desired, scaling.min()), Math.max(1, scaling.max()));
            if (bounded != state.desired) {
                decide(state, bounded, bounded < state.desired ? "maxReplicas " + scaling.max()
                        : "minReplicas " + scaling.min());
            }
            return state.desired;
        }
    }

    /** The last change of the function's desired replicas, for its status. */
    ScalingDecision lastDecision(ResourceID id) {
        State state = states.get(id);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            return state.last;
        }
    }

    void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nubo-function-scaler");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, sampleInterval.toMillis(), sampleInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** One sample of every scaling function; a changed decision triggers its reconcile. */
    void tick() {
        long now = System.nanoTime();
        Instant wallNow = clock.instant();
        states.forEach((id, state) -> {
            try {
                Optional<FunctionResource> function = functions.apply(id);
                if (function.isEmpty()) {
                    states.remove(id);
                    return;
                }
                boolean changed;
                synchronized (state) {
                    changed = wakeIfAsked(state, function.get());
                    FunctionConcurrency.Sample sample = concurrency.sample(id.getNamespace().orElse(null), id.getName());
                    int load = sample.inFlight() + sample.waiting();
                    state.history.add(now, load);
                    if (sample.lastCall() != null && sample.lastCall().isAfter(state.lastActivity)) {
                        state.lastActivity = sample.lastCall();
                    }
                    if (load > 0) {
                        state.lastActivity = wallNow;
                    }
                    if (sample.waiting() > 0 && state.desired == 0) {
                        changed |= decide(state, 1, sample.waiting() + " calls held for a replica");
                    } else if (scales(state.scaling)) {
                        long idle = Duration.between(state.lastActivity, wallNow).toNanos();
                        Autoscaler.Decision decision = autoscaler.decide(state.scaling, state.desired, state.ready,
                                state.history, load, idle, state.panicUntil, now);
                        state.panicUntil = decision.panicUntil();
                        changed |= decide(state, decision.desired(), decision.reason());
                    }
                }
                if (changed) {
                    events.propagateEvent(id);
                }
            } catch (RuntimeException e) {
                log.warn("scaling {} failed: {}", id, e.toString());
            }
        });
    }

    /** A wake annotation newer than the last seen: one replica at once. */
    private boolean wakeIfAsked(State state, FunctionResource function) {
        var annotations = function.getMetadata().getAnnotations();
        String wake = annotations == null ? null : annotations.get(FunctionWaker.WAKE_ANNOTATION);
        if (wake == null || wake.equals(state.lastWake)) {
            return false;
        }
        state.lastWake = wake;
        state.lastActivity = clock.instant();
        return state.desired == 0 && decide(state, 1, "a call woke it");
    }

    private boolean decide(State state, int desired, String reason) {
        if (desired == state.desired) {
            return false;
        }
        state.last = new ScalingDecision(clock.instant(), state.desired, desired, reason);
        state.desired = desired;
        return true;
    }
}
