package dev.nubo.triggers.cron;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.nubo.core.function.Function;
import dev.nubo.core.store.CronTickClaims;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.trigger.CronSchedule;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.CronTriggerSpec.ConcurrencyPolicy;
import dev.nubo.core.trigger.TriggerStatus.Fire;
import dev.nubo.triggers.dispatch.CallResult;
import dev.nubo.triggers.dispatch.FunctionCaller;
import dev.nubo.triggers.dispatch.FunctionEvent;
import dev.nubo.triggers.dispatch.KnownFunctions;

/**
 * Fires CronTriggers: each enabled trigger is armed on its schedule (in its time zone); at each tick the instance
 * that claims the tick in the store ({@link CronTickClaims}) calls every target function once with the tick's event.
 *
 * <ul>
 * <li>Changes through this instance take effect at once (store events); changes through another instance sharing
 * the store at the latest at the next claim (which checks the generation) or resync.</li>
 * <li>Ticks missed while the platform was down are not fired, unless the trigger says catchUp: then at most
 * {@code catchUpMaxTicks} of them, within {@code catchUpWindow}, oldest first, right after the start.</li>
 * <li>concurrencyPolicy per trigger and function, as a Kubernetes CronJob: Allow; Forbid skips the tick while the
 * previous call runs; Replace abandons the previous call (its connection is closed) and makes the new one.</li>
 * <li>A call that finds its function not ready or unreachable is tried again (0.5 s, 1 s, 2 s … 5 s apart) until
 * {@code notReadyRetryWindow} after the tick, never past the next tick, with the same event id. An answer (any
 * status) or a timeout is never repeated: the function ran.</li>
 * </ul>
 * Time comes only from the {@link Clock} and the {@link CronTimer}, so tests drive it.
 */
public class CronScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CronScheduler.class);
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(500);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
    /** How much of a failed answer's body status shows. */
    private static final int BODY_IN_STATUS = 200;

    private final CronTriggerStore triggers;
    private final FunctionStore functions;
    private final CronTickClaims claims;
    private final FunctionCaller caller;
    private final CronTimer timer;
    private final Clock clock;
    private final CronProperties properties;
    private final String instanceId;
    private final CronStatusWriter status;
    private final KnownFunctions known = new KnownFunctions();
    /**
     * False while no trigger is stored: the resync then reads no functions and {@code known} holds only those changed
     * since, so the next trigger armed reads them all first (else it would show FunctionNotFound for a function that
     * exists, until the next resync).
     */
    private volatile boolean knownComplete;

    private final Object lock = new Object();
    private final Map<TriggerKey, Armed> armed = new HashMap<>();
    /** The newest call per trigger and function: what Forbid and Replace look at. */
    private final Map<CallKey, TickCall> latestCalls = new HashMap<>();
    private boolean running;
    private CronTimer.Scheduled resync;

    record TriggerKey(String namespace, String name) {
        static TriggerKey of(CronTrigger trigger) {
            return new TriggerKey(trigger.namespace(), trigger.name());
        }
    }

    private record CallKey(String triggerUid, String function) {
    }

    /** One generation of a stored trigger, armed or not (disabled and invalid ones are kept for their status). */
    private static final class Armed {
        final CronTrigger trigger;
        /** Null: the trigger does not fire. */
        final CronSchedule schedule;
        CronView view;
        Instant nextTick;
        CronTimer.Scheduled wake;

        Armed(CronTrigger trigger, CronSchedule schedule, CronView view) {
            this.trigger = trigger;
            this.schedule = schedule;
            this.view = view;
        }

        String uid() {
            return trigger.metadata().uid();
        }

        TriggerKey key() {
            return TriggerKey.of(trigger);
        }

        void disarm() {
            if (wake != null) {
                wake.cancel();
                wake = null;
            }
        }
    }

    /** The call of one tick to one function, across its attempts. Guarded by {@link #lock}. */
    private static final class TickCall {
        final Armed armed;
        final String function;
        final Instant tick;
        final FunctionEvent event;
        final Instant retryDeadline;
        int attempts;
        boolean finished;
        boolean abandoned;
        CompletableFuture<CallResult> inFlight;
        CronTimer.Scheduled retry;

        TickCall(Armed armed, String function, Instant tick, FunctionEvent event, Instant retryDeadline) {
            this.armed = armed;
            this.function = function;
            this.tick = tick;
            this.event = event;
            this.retryDeadline = retryDeadline;
        }

        CallKey key() {
            return new CallKey(armed.uid(), function);
        }

        void abandon() {
            abandoned = true;
            finished = true;
            if (retry != null) {
                retry.cancel();
            }
            if (inFlight != null) {
                inFlight.cancel(true);
            }
        }
    }

    public CronScheduler(CronTriggerStore triggers, FunctionStore functions, CronTickClaims claims,
            FunctionCaller caller, CronTimer timer, Clock clock, CronProperties properties, String instanceId) {
        this.triggers = triggers;
        this.functions = functions;
        this.claims = claims;
        this.caller = caller;
        this.timer = timer;
        this.clock = clock;
        this.properties = properties;
        this.instanceId = instanceId;
        this.status = new CronStatusWriter(triggers, timer, clock, properties.statusInterval());
        // the store cannot unsubscribe: events are ignored while stopped, and start() reads everything again
        triggers.subscribe(this::onTriggerEvent);
        functions.subscribe(this::onFunctionEvent);
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
        }
        List<CronTrigger> stored = triggers.listAll();
        known.replaceAll(functions.listAll());
        knownComplete = true;
        stored.forEach(t -> apply(t, true));
        synchronized (lock) {
            scheduleResync();
            log.info("Cron scheduler started as {}: {} triggers, {} armed", instanceId, armed.size(),
                    armed.values().stream().filter(a -> a.schedule != null).count());
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            if (resync != null) {
                resync.cancel();
            }
            armed.values().forEach(Armed::disarm);
            armed.clear();
            latestCalls.values().forEach(TickCall::abandon);
            latestCalls.clear();
        }
        status.flushAll();
        log.info("Cron scheduler stopped");
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    // ---- what is armed -------------------------------------------------------------------------------------------

    private void onTriggerEvent(StoreEvent<CronTrigger> event) {
        if (!isRunning()) {
            return;
        }
        CronTrigger trigger = event.resource();
        switch (event.type()) {
            case ADDED -> apply(trigger, false);
            case MODIFIED -> {
                if (event.specChanged()) {
                    apply(trigger, false);
                }
            }
            case DELETED -> remove(TriggerKey.of(trigger), trigger.metadata().uid());
        }
    }

    private void onFunctionEvent(StoreEvent<Function> event) {
        if (!isRunning()) {
            return;
        }
        Function function = event.resource();
        boolean changed = event.type() == StoreEvent.Type.DELETED
                ? known.remove(function.namespace(), function.name()) : known.put(function);
        if (changed) {
            refreshTargets(function.namespace()::equals);
        }
    }

    /** Arms (or re-arms) a trigger as stored; {@code catchUp}: at start, fire what it missed if it asks for that. */
    private void apply(CronTrigger trigger, boolean catchUp) {
        Armed next = prepare(trigger);
        List<Instant> missed = catchUp && next.schedule != null && Boolean.TRUE.equals(trigger.spec().catchUp())
                ? missedTicks(next) : List.of();
        String replacedUid = null;
        synchronized (lock) {
            if (!running) {
                return;
            }
            Armed previous = armed.get(next.key());
            if (previous != null && previous.uid().equals(next.uid())
                    && previous.trigger.generation() >= next.trigger.generation()) {
                return; // armed at this generation already (or a newer one: this read was stale)
            }
            if (previous != null) {
                previous.disarm();
                if (!previous.uid().equals(next.uid())) {
                    replacedUid = previous.uid(); // deleted and created again under the same name
                }
                if (replacedUid != null || next.schedule == null) {
                    abandonRetries(previous.uid());
                }
            }
            armed.put(next.key(), next);
            if (next.schedule != null) {
                next.nextTick = next.schedule.next(clock.instant());
                wakeAt(next);
            }
        }
        if (replacedUid != null) {
            status.forget(replacedUid);
        }
        status.show(next.view);
        if (!missed.isEmpty()) {
            log.info("CronTrigger {}/{} catches up {} tick(s) missed while the platform was down: {}",
                    trigger.namespace(), trigger.name(), missed.size(), missed);
            timer.schedule(clock.instant(), () -> missed.forEach(tick -> fire(next, tick)));
        }
    }

    private Armed prepare(CronTrigger trigger) {
        if (!knownComplete) {
            known.replaceAll(functions.listAll());
            knownComplete = true;
        }
        CronTriggerSpec spec = trigger.spec();
        if (!spec.isEnabled()) {
            return new Armed(trigger, null, CronView.disabled(trigger));
        }
        boolean hasSelector = spec.functionSelector() != null && !spec.functionSelector().isEmpty();
        if (spec.function() != null && hasSelector) {
            return new Armed(trigger, null, CronView.invalid(trigger,
                    "spec.function and spec.functionSelector are both set: give one of them"));
        }
        if (spec.function() == null && !hasSelector) {
            return new Armed(trigger, null, CronView.invalid(trigger,
                    "spec.function or spec.functionSelector is required"));
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(spec.schedule(), spec.timeZone());
        } catch (IllegalArgumentException e) {
            return new Armed(trigger, null, CronView.invalid(trigger, e.getMessage()));
        }
        return new Armed(trigger, schedule, CronView.armed(trigger, schedule,
                known.targets(trigger.namespace(), spec)));
    }

    private List<Instant> missedTicks(Armed a) {
        Instant now = clock.instant();
        try {
            Instant since = claims.lastClaimed(a.uid())
                    .orElse(Optional.ofNullable(a.trigger.metadata().creationTimestamp()).orElse(now));
            return TickPlan.missed(a.schedule, since, now, properties.catchUpMaxTicks(), properties.catchUpWindow());
        } catch (RuntimeException e) {
            log.warn("CronTrigger {}/{}: cannot read its last fired tick, nothing is caught up: {}",
                    a.trigger.namespace(), a.trigger.name(), e.getMessage());
            return List.of();
        }
    }

    private void remove(TriggerKey key, String uid) {
        synchronized (lock) {
            Armed a = armed.get(key);
            if (a == null || !a.uid().equals(uid)) {
                return;
            }
            armed.remove(key);
            a.disarm();
            abandonRetries(uid);
        }
        status.forget(uid);
    }

    /** Another instance changed or deleted the trigger: read it again. */
    private void reload(Armed a) {
        try {
            triggers.get(a.trigger.namespace(), a.trigger.name())
                    .ifPresentOrElse(t -> apply(t, false), () -> remove(a.key(), a.uid()));
        } catch (RuntimeException e) {
            log.warn("cannot read CronTrigger {}/{} again: {}", a.trigger.namespace(), a.trigger.name(), e.getMessage());
        }
    }

    private void refreshTargets(Predicate<String> namespaces) {
        List<CronView> changed = new ArrayList<>();
        synchronized (lock) {
            for (Armed a : armed.values()) {
                if (a.schedule == null || !namespaces.test(a.trigger.namespace())) {
                    continue;
                }
                List<String> targets = known.targets(a.trigger.namespace(), a.trigger.spec());
                if (!targets.equals(a.view.functions())) {
                    a.view = a.view.withFunctions(a.trigger, targets);
                    changed.add(a.view);
                }
            }
        }
        changed.forEach(status::show);
    }

    /** Reads triggers and functions again: changes made through another instance, and prunes old claims. */
    private void resync() {
        try {
            List<CronTrigger> stored = triggers.listAll();
            knownComplete = !stored.isEmpty();
            known.replaceAll(stored.isEmpty() ? List.of() : functions.listAll());
            Set<TriggerKey> present = new HashSet<>();
            for (CronTrigger trigger : stored) {
                present.add(TriggerKey.of(trigger));
                apply(trigger, false);
            }
            List<Armed> gone;
            synchronized (lock) {
                gone = armed.values().stream().filter(a -> !present.contains(a.key())).toList();
            }
            gone.forEach(a -> remove(a.key(), a.uid()));
            refreshTargets(ns -> true);
            int pruned = claims.pruneBefore(clock.instant().minus(properties.claimRetention()));
            if (pruned > 0) {
                log.debug("pruned {} cron tick claims", pruned);
            }
        } catch (RuntimeException e) {
            log.warn("cron resync failed, trying again in {}: {}", properties.resyncInterval(), e.getMessage());
        } finally {
            synchronized (lock) {
                if (running) {
                    scheduleResync();
                }
            }
        }
    }

    private void scheduleResync() {
        resync = timer.schedule(clock.instant().plus(properties.resyncInterval()), this::resync);
    }

    // ---- ticks ---------------------------------------------------------------------------------------------------

    private void wakeAt(Armed a) {
        a.wake = a.nextTick == null ? null : timer.schedule(a.nextTick, () -> onWake(a));
    }

    private void onWake(Armed a) {
        Instant tick;
        Instant missed;
        synchronized (lock) {
            if (!running || armed.get(a.key()) != a || a.nextTick == null) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(a.nextTick)) {
                wakeAt(a); // woken early: the clock was set back
                return;
            }
            TickPlan.Wake wake = TickPlan.wake(a.schedule, a.nextTick, now, properties.misfireGrace());
            tick = wake.fire();
            missed = tick == null || !tick.equals(a.nextTick) ? a.nextTick : null;
            a.nextTick = wake.next();
            wakeAt(a);
        }
        if (missed != null && tick != null) {
            log.warn("CronTrigger {}/{} woken late: the ticks from {} until {} are skipped, that one fires",
                    a.trigger.namespace(), a.trigger.name(), missed, tick);
        } else if (missed != null) {
            log.warn("CronTrigger {}/{}: the tick of {} was found more than {} late and is not fired",
                    a.trigger.namespace(), a.trigger.name(), missed, properties.misfireGrace());
            status.recordError(a.uid(), new Fire(missed, null, null, "not fired: found more than "
                    + properties.misfireGrace().toSeconds() + " s late (the platform was busy, paused or its clock"
                    + " jumped)", CronEvents.eventId(a.uid(), missed)));
        }
        if (tick != null) {
            fire(a, tick);
        }
    }

    private void fire(Armed a, Instant tick) {
        String eventId = CronEvents.eventId(a.uid(), tick);
        CronTickClaims.Claim claim;
        try {
            claim = claims.claim(a.uid(), a.trigger.generation(), tick, instanceId);
        } catch (RuntimeException e) {
            log.warn("CronTrigger {}/{}: tick {} not fired, the store cannot be reached to claim it: {}",
                    a.trigger.namespace(), a.trigger.name(), tick, e.getMessage());
            status.recordError(a.uid(), new Fire(tick, null, null,
                    "not fired: the store could not be reached to claim the tick (" + rootMessage(e) + ")", eventId));
            return;
        }
        switch (claim) {
            case TAKEN -> {
                return;
            }
            case TRIGGER_CHANGED -> {
                reload(a);
                return;
            }
            case CLAIMED -> {
                // this instance fires it
            }
        }
        List<String> targets;
        synchronized (lock) {
            targets = a.trigger.spec().function() != null ? List.of(a.trigger.spec().function()) : a.view.functions();
        }
        if (targets.isEmpty()) {
            status.recordError(a.uid(), new Fire(tick, null, null, "nothing called: no function in namespace "
                    + a.trigger.namespace() + " matches the selector "
                    + CronView.describe(a.trigger.spec().functionSelector()), eventId));
            return;
        }
        FunctionEvent event = CronEvents.of(a.trigger, tick);
        Instant deadline = tick.plus(properties.notReadyRetryWindow());
        Instant nextTick = a.schedule.next(tick);
        if (nextTick != null && nextTick.isBefore(deadline)) {
            deadline = nextTick;
        }
        for (String function : targets) {
            dispatch(new TickCall(a, function, tick, event, deadline));
        }
    }

    /** Applies the trigger's concurrency policy, then calls. */
    private void dispatch(TickCall call) {
        ConcurrencyPolicy policy = call.armed.trigger.spec().concurrencyPolicy() == null ? ConcurrencyPolicy.Allow
                : call.armed.trigger.spec().concurrencyPolicy();
        TickCall busy;
        synchronized (lock) {
            TickCall previous = latestCalls.get(call.key());
            busy = previous != null && !previous.finished ? previous : null;
            if (busy != null && policy == ConcurrencyPolicy.Replace) {
                busy.abandon();
                latestCalls.remove(call.key());
            }
            if (busy == null || policy != ConcurrencyPolicy.Forbid) {
                latestCalls.put(call.key(), call);
            }
        }
        if (busy != null && policy == ConcurrencyPolicy.Forbid) {
            status.recordSkip(call.armed.uid(), new Fire(call.tick, call.function, null, "skipped: the call of the tick"
                    + " of " + busy.tick + " still runs (concurrencyPolicy Forbid)", call.event.id()));
            return;
        }
        if (busy != null && policy == ConcurrencyPolicy.Replace) {
            status.recordCall(call.armed.uid(), new Fire(busy.tick, call.function, null, "abandoned for the tick of "
                    + call.tick + " (concurrencyPolicy Replace)", busy.event.id()), false);
        }
        attempt(call);
    }

    private void attempt(TickCall call) {
        synchronized (lock) {
            if (call.abandoned || !running) {
                return;
            }
            call.attempts++;
            call.retry = null;
        }
        CompletableFuture<CallResult> result = call(call);
        synchronized (lock) {
            if (call.abandoned) {
                result.cancel(true);
                return;
            }
            call.inFlight = result;
        }
        result.whenComplete((answer, failure) -> {
            if (failure == null) {
                onResult(call, answer);
            } else if (!result.isCancelled()) {
                onResult(call, CallResult.failed(CallResult.Outcome.CONNECTION_FAILED, Duration.ZERO,
                        failure.toString()));
            }
        });
    }

    private CompletableFuture<CallResult> call(TickCall call) {
        try {
            return caller.call(call.armed.trigger.namespace(), call.function, call.event);
        } catch (RuntimeException e) { // the contract says it never throws; a bug must not leave the call running
            return CompletableFuture.completedFuture(CallResult.failed(CallResult.Outcome.CONNECTION_FAILED,
                    Duration.ZERO, e.toString()));
        }
    }

    private void onResult(TickCall call, CallResult result) {
        synchronized (lock) {
            if (call.abandoned || !running) {
                return;
            }
            call.inFlight = null;
            if (retryable(result) && stillFires(call.armed)) {
                Instant retryAt = clock.instant().plus(retryDelay(call.attempts));
                if (!retryAt.isAfter(call.retryDeadline)) {
                    call.retry = timer.schedule(retryAt, () -> attempt(call));
                    return;
                }
            }
            call.finished = true;
            latestCalls.remove(call.key(), call);
        }
        if (!result.succeeded()) {
            log.debug("CronTrigger {}/{} → {}: {}", call.armed.trigger.namespace(), call.armed.trigger.name(),
                    call.function, result.summary());
        }
        status.recordCall(call.armed.uid(), new Fire(call.tick, call.function,
                result.outcome() == CallResult.Outcome.ANSWERED ? result.status() : null, describe(call, result),
                call.event.id()), !result.succeeded());
    }

    private static boolean retryable(CallResult result) {
        return result.outcome() == CallResult.Outcome.FUNCTION_NOT_READY
                || result.outcome() == CallResult.Outcome.CONNECTION_FAILED;
    }

    /** The trigger of this call is still armed with a schedule (not deleted, disabled, or replaced). */
    private boolean stillFires(Armed a) {
        Armed current = armed.get(a.key());
        return current != null && current.uid().equals(a.uid()) && current.schedule != null;
    }

    static Duration retryDelay(int failedAttempts) {
        long millis = FIRST_RETRY_DELAY.toMillis() << Math.min(failedAttempts - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY_DELAY.toMillis()));
    }

    /** Pending retries of a trigger stop when it is deleted or disabled (calls in flight finish). */
    private void abandonRetries(String uid) {
        latestCalls.values().removeIf(call -> {
            if (call.armed.uid().equals(uid) && call.retry != null) {
                call.abandon();
                return true;
            }
            return false;
        });
    }

    private static String describe(TickCall call, CallResult result) {
        StringBuilder text = new StringBuilder(result.summary());
        if (result.outcome() == CallResult.Outcome.ANSWERED && !result.succeeded() && result.body().length > 0) {
            String body = new String(result.body(), 0, Math.min(result.body().length, BODY_IN_STATUS),
                    java.nio.charset.StandardCharsets.UTF_8).strip();
            text.append(": ").append(body);
        }
        if (call.attempts > 1) {
            text.append(" (attempt ").append(call.attempts).append(')');
        }
        return text.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Instance id recorded with each claim (for people reading the claims table). */
    public String instanceId() {
        return instanceId;
    }
}
