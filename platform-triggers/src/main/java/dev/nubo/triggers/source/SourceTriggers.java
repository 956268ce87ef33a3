package dev.nubo.triggers.source;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.nubo.core.function.Function;
import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.ResourceStore;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.trigger.TriggerStatus.Counts;
import dev.nubo.core.trigger.TriggerStatus.Fire;
import dev.nubo.core.trigger.TriggerStatus.PartitionLag;
import dev.nubo.triggers.dispatch.FunctionCaller;
import dev.nubo.triggers.dispatch.KnownFunctions;

/**
 * Runs every stored trigger of one event-source kind: a {@link TriggerSource} and an {@link EventDispatcher} per
 * enabled trigger that has at least one target function. Triggers start, stop and are reconfigured from the store's
 * change events; function changes (created, deleted, relabelled) change the targets at once. A trigger without a
 * function does not consume: its records wait in the broker. Status is written at most every
 * {@code statusInterval}, and only when something changed.
 */
public class SourceTriggers<T extends Trigger<S>, S extends TriggerSpec> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SourceTriggers.class);

    private final EventSourceKind<T> kind;
    private final ResourceStore<T, S, TriggerStatus> store;
    private final FunctionStore functions;
    private final FunctionCaller caller;
    private final EventSourceProperties properties;
    private final Clock clock;
    private final KnownFunctions known = new KnownFunctions();
    /** Trigger changes are applied one at a time, in order, off the store's thread. */
    private ExecutorService control;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> statusFlush;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean started;

    public SourceTriggers(EventSourceKind<T> kind, ResourceStore<T, S, TriggerStatus> store, FunctionStore functions,
            FunctionCaller caller, EventSourceProperties properties, Clock clock) {
        this.kind = kind;
        this.store = store;
        this.functions = functions;
        this.caller = caller;
        this.properties = properties;
        this.clock = clock;
        store.subscribe(this::onTriggerEvent);
        functions.subscribe(this::onFunctionEvent);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        control = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(kind.kind() + "-control").factory());
        timer = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name(kind.kind() + "-timer-", 0)
                .factory());
        started = true;
        control.execute(() -> {
            known.replaceAll(functions.listAll());
            store.listAll().forEach(this::apply);
            log.info("{} dispatcher started: {} trigger(s), {} consuming", kind.kind(), running.size(),
                    running.values().stream().filter(r -> r.dispatcher != null).count());
        });
        long interval = properties.statusInterval().toMillis();
        statusFlush = timer.scheduleWithFixedDelay(this::flushStatus, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        statusFlush.cancel(false);
        control.execute(() -> {
            // stop them side by side: each drains its calls in flight
            List<Thread> stopping = new ArrayList<>();
            running.values().forEach(r -> stopping.add(Thread.ofVirtual().start(r::stopConsuming)));
            stopping.forEach(SourceTriggers::join);
        });
        control.shutdown();
        try {
            control.awaitTermination(properties.drainTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushStatus();
        timer.shutdownNow();
        running.clear();
        log.info("{} dispatcher stopped", kind.kind());
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** After the web server and the controller: functions are reachable when consumers start. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    // ---- changes ---------------------------------------------------------------------------------------------------

    private void onTriggerEvent(StoreEvent<T> event) {
        if (!started || (event.type() == StoreEvent.Type.MODIFIED && !event.specChanged())) {
            return;
        }
        T trigger = event.resource();
        submit(() -> {
            if (event.type() == StoreEvent.Type.DELETED) {
                Running r = running.get(key(trigger));
                if (r != null && r.uid().equals(trigger.metadata().uid())) {
                    running.remove(key(trigger));
                    r.stopConsuming();
                }
            } else {
                apply(trigger);
            }
        });
    }

    private void onFunctionEvent(StoreEvent<Function> event) {
        if (!started) {
            return;
        }
        Function function = event.resource();
        submit(() -> {
            boolean changed = event.type() == StoreEvent.Type.DELETED
                    ? known.remove(function.namespace(), function.name()) : known.put(function);
            if (changed) {
                running.values().stream().filter(r -> r.trigger.namespace().equals(function.namespace()))
                        .forEach(Running::refreshTargets);
            }
        });
    }

    private void submit(Runnable change) {
        try {
            control.execute(() -> {
                try {
                    change.run();
                } catch (RuntimeException e) {
                    log.error("{}: applying a change failed", kind.kind(), e);
                }
            });
        } catch (RuntimeException stopped) {
            // stopping: start() reads everything again
        }
    }

    /** On the control thread. */
    private void apply(T trigger) {
        Running previous = running.get(key(trigger));
        if (previous != null && previous.uid().equals(trigger.metadata().uid())
                && previous.trigger.generation() >= trigger.generation()) {
            return;
        }
        if (previous != null) {
            previous.stopConsuming();
        }
        Running next = new Running(trigger);
        running.put(key(trigger), next);
        next.refreshTargets();
    }

    private static String key(Trigger<?> trigger) {
        return trigger.namespace() + "/" + trigger.name();
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- one trigger -----------------------------------------------------------------------------------------------

    /** One generation of a stored trigger; its dispatcher runs while it has targets. Fields guarded by itself. */
    private final class Running implements DispatchActivity, EventDispatcher.SourceStateListener {
        final T trigger;
        volatile List<String> targets = List.of();
        volatile TriggerSource source;
        volatile EventDispatcher dispatcher;
        volatile boolean consuming;
        volatile String sourceMessage = "connecting";
        Fire lastFire;
        Fire lastError;
        long calls;
        long failures;
        long deadLettered;
        /** What was last written (counts aside), so an unchanged status is not written again. */
        Shown shown;

        Running(T trigger) {
            this.trigger = trigger;
        }

        String uid() {
            return trigger.metadata().uid();
        }

        /** On the control thread: the targets may have changed; start or stop consuming accordingly. */
        void refreshTargets() {
            targets = known.targets(trigger.namespace(), trigger.spec());
            boolean shouldRun = trigger.spec().isEnabled() && kind.unavailableReason() == null && !targets.isEmpty();
            if (shouldRun && dispatcher == null) {
                startConsuming();
            } else if (!shouldRun && dispatcher != null) {
                stopConsuming();
            }
        }

        void startConsuming() {
            try {
                TriggerSource s = kind.open(trigger, properties.maxPendingRecords());
                EventDispatcher d = new EventDispatcher(key(trigger), trigger.namespace(), s, caller,
                        kind.settings(trigger), () -> targets, timer, properties.notReadyWait(), this, this);
                source = s;
                dispatcher = d;
                consuming = false;
                sourceMessage = "connecting";
                s.start(d);
                log.info("{} {} consumes {}", kind.kind(), key(trigger), kind.describe(trigger));
            } catch (RuntimeException e) {
                log.warn("{} {} cannot start consuming: {}", kind.kind(), key(trigger), e.getMessage());
                consuming = false;
                sourceMessage = e.getMessage();
            }
        }

        void stopConsuming() {
            EventDispatcher d = dispatcher;
            TriggerSource s = source;
            dispatcher = null;
            source = null;
            if (d != null) {
                d.close(properties.drainTimeout());
            }
            if (s != null) {
                s.close();
            }
            consuming = false;
        }

        @Override
        public void onSourceState(boolean nowConsuming, String message) {
            consuming = nowConsuming;
            sourceMessage = message;
        }

        @Override
        public synchronized void called(Fire fire, boolean failed) {
            lastFire = newer(lastFire, fire);
            calls++;
            if (failed) {
                failures++;
                lastError = newer(lastError, fire);
            }
        }

        @Override
        public synchronized void deadLettered(Fire fire) {
            deadLettered++;
            lastError = newer(lastError, fire);
        }

        Condition ready() {
            if (!trigger.spec().isEnabled()) {
                return Condition.of(TriggerConditions.READY, Condition.FALSE, TriggerConditions.REASON_DISABLED,
                        "the trigger is disabled");
            }
            String unavailable = kind.unavailableReason();
            if (unavailable != null) {
                return Condition.of(TriggerConditions.READY, Condition.FALSE,
                        TriggerConditions.REASON_SOURCE_UNAVAILABLE, unavailable);
            }
            if (targets.isEmpty()) {
                S spec = trigger.spec();
                String wanted = spec.function() != null ? "no function " + spec.function() + " in namespace "
                        + trigger.namespace() : "no function of namespace " + trigger.namespace()
                        + " matches the selector";
                return Condition.of(TriggerConditions.READY, Condition.FALSE,
                        TriggerConditions.REASON_FUNCTION_NOT_FOUND, wanted + "; records wait in the source");
            }
            if (!consuming) {
                return Condition.of(TriggerConditions.READY, Condition.FALSE,
                        TriggerConditions.REASON_SOURCE_UNAVAILABLE, sourceMessage);
            }
            return Condition.of(TriggerConditions.READY, Condition.TRUE, TriggerConditions.REASON_ACTIVE,
                    sourceMessage);
        }

        /** On the timer: writes what changed since the last write. */
        void flush() {
            TriggerSource s = source;
            Shown now;
            long addCalls;
            long addFailures;
            long addDead;
            synchronized (this) {
                now = new Shown(ready(), targets, lastFire, lastError, s == null ? null : s.lag());
                addCalls = calls;
                addFailures = failures;
                addDead = deadLettered;
            }
            if (now.equals(shown) && addCalls == 0 && addFailures == 0 && addDead == 0) {
                return;
            }
            try {
                store.changeStatus(trigger.namespace(), trigger.name(), stored -> {
                    if (!stored.metadata().uid().equals(uid()) || stored.generation() != trigger.generation()) {
                        return null; // replaced or changed since: the newer Running writes
                    }
                    TriggerStatus current = stored.status() == null ? TriggerStatus.pending() : stored.status();
                    Counts counts = current.counts() == null ? new Counts(0, 0, 0) : current.counts();
                    return new TriggerStatus(Conditions.set(current.conditions(), now.ready(), clock),
                            trigger.generation(), now.functions(), newer(current.lastFire(), now.lastFire()),
                            newer(current.lastError(), now.lastError()), new Counts(counts.calls() + addCalls,
                                    counts.failures() + addFailures, counts.deadLettered() + addDead),
                            null, now.partitions() == null ? current.partitions() : now.partitions());
                });
                synchronized (this) {
                    calls -= addCalls;
                    failures -= addFailures;
                    deadLettered -= addDead;
                    shown = now;
                }
            } catch (RuntimeException e) {
                log.warn("cannot write the status of {} {}; trying again: {}", kind.kind(), key(trigger),
                        e.getMessage());
            }
        }
    }

    private record Shown(Condition ready, List<String> functions, Fire lastFire, Fire lastError,
            List<PartitionLag> partitions) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Shown other && ready.sameAs(other.ready) && functions.equals(other.functions)
                    && Objects.equals(lastFire, other.lastFire) && Objects.equals(lastError, other.lastError)
                    && Objects.equals(partitions, other.partitions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(functions, lastFire, lastError, partitions);
        }
    }

    private void flushStatus() {
        for (Running r : List.copyOf(running.values())) {
            try {
                r.flush();
            } catch (RuntimeException e) {
                log.warn("{}: status flush failed", kind.kind(), e);
            }
        }
    }

    private static Fire newer(Fire current, Fire candidate) {
        if (candidate == null) {
            return current;
        }
        if (current == null || current.time() == null) {
            return candidate;
        }
        return candidate.time().isBefore(current.time()) ? current : candidate;
    }
}
