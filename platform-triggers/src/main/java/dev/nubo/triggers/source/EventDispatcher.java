package dev.nubo.triggers.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.core.trigger.Ordering;
import dev.nubo.core.trigger.TriggerStatus.Fire;
import dev.nubo.triggers.dispatch.CallResult;
import dev.nubo.triggers.dispatch.FunctionCaller;

/**
 * Runs one trigger's records through its functions: ordering lanes ({@link LaneScheduler}), at most
 * {@code maxConcurrency} records at once, every target function called with every record, retries with exponential
 * backoff by the answer ({@link CallVerdict}), waiting (bounded) for functions that are not ready, dead letters, and
 * an acknowledgement once every function is done with the record. Source-independent: Kafka and NATS share it.
 *
 * <p>A record blocks its lane while it is retried, so order holds through retries; a poison record leaves after
 * {@code maxRetries} (or at once for 400/413/415) to the dead letter, and its lane moves on.
 */
public final class EventDispatcher implements SourceListener {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    /** How much of a failed answer's body the dead letter and status keep. */
    private static final int ERROR_BODY_CHARS = 500;
    private static final long FIRST_WAIT_MILLIS = 250;
    private static final long MAX_WAIT_MILLIS = 5_000;

    private final String trigger;
    private final String namespace;
    private final TriggerSource source;
    private final FunctionCaller caller;
    private final DeliverySettings settings;
    private final Supplier<List<String>> targets;
    private final ScheduledExecutorService timer;
    private final Duration notReadyWait;
    private final DispatchActivity activity;
    private final SourceStateListener stateListener;
    private final LaneScheduler<Delivery> lanes;
    /** Handed out by the source and not finished: what the source's back-pressure looks at. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Started and not finished (ended or abandoned): what a drain waits for. */
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closing;

    /** Connected/consuming state changes of the source, for status. */
    public interface SourceStateListener {
        void onSourceState(boolean consuming, String message);
    }

    public EventDispatcher(String trigger, String namespace, TriggerSource source, FunctionCaller caller,
            DeliverySettings settings, Supplier<List<String>> targets, ScheduledExecutorService timer,
            Duration notReadyWait, DispatchActivity activity, SourceStateListener stateListener) {
        this.trigger = trigger;
        this.namespace = namespace;
        this.source = source;
        this.caller = caller;
        this.settings = settings;
        this.targets = targets;
        this.timer = timer;
        this.notReadyWait = notReadyWait;
        this.activity = activity;
        this.stateListener = stateListener;
        this.lanes = new LaneScheduler<>(settings.maxConcurrency());
    }

    /** One record on its way through the functions. */
    private final class Delivery {
        final SourceRecord record;
        final String lane;
        int remaining;
        SourceTrackedFailure failure;
        Instant waitingSince;
        boolean released;

        Delivery(SourceRecord record, String lane) {
            this.record = record;
            this.lane = lane;
        }
    }

    private record SourceTrackedFailure(TriggerSource.DeadLetter deadLetter) {
    }

    // ---- SourceListener --------------------------------------------------------------------------------------------

    @Override
    public void onRecords(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            pending.incrementAndGet();
            if (closing) {
                pending.decrementAndGet(); // not started, not acknowledged: it comes again to the next consumer
                continue;
            }
            Delivery d = new Delivery(record, lane(record));
            lanes.submit(d.lane, d).forEach(this::start);
        }
    }

    @Override
    public void onPartitionsLost(Collection<String> partitions) {
        Set<String> lost = Set.copyOf(partitions);
        int dropped = lanes.dropQueued(d -> lost.contains(d.record.partition()));
        pending.addAndGet(-dropped);
    }

    @Override
    public void onSourceState(boolean consuming, String message) {
        stateListener.onSourceState(consuming, message);
    }

    @Override
    public int pendingRecords() {
        return pending.get();
    }

    /**
     * Stops starting records and waits up to {@code drain} for those started to finish (and be acknowledged), so a
     * clean stop delivers nothing twice; records not started come again to the next consumer.
     */
    public void close(Duration drain) {
        closing = true;
        int dropped = lanes.dropQueued(d -> true);
        pending.addAndGet(-dropped);
        long deadline = System.nanoTime() + drain.toNanos();
        synchronized (active) {
            while (active.get() > 0 && System.nanoTime() < deadline) {
                try {
                    active.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (active.get() > 0) {
            log.info("{}: {} record(s) still in flight after {}; they will be delivered again", trigger, active.get(),
                    drain);
        }
    }

    // ---- one record ------------------------------------------------------------------------------------------------

    private String lane(SourceRecord record) {
        Ordering ordering = settings.ordering();
        if (ordering == Ordering.key) {
            return record.partition() + "\u0000" + (record.key() == null ? "" : record.key());
        }
        if (ordering == Ordering.none) {
            return record.partition() + "\u0000" + record.position();
        }
        return record.partition();
    }

    private void start(Delivery d) {
        active.incrementAndGet();
        if (!settings.atLeastOnce()) {
            source.ack(d.record); // at most once: let go of it before the call
        }
        callAll(d);
    }

    private void callAll(Delivery d) {
        if (closing) {
            abandon(d);
            return;
        }
        List<String> functions = targets.get();
        if (functions.isEmpty()) {
            // no function matches (deleted, relabelled): wait for one, bounded
            if (waitLonger(d)) {
                timer.schedule(() -> callAll(d), nextWait(d), TimeUnit.MILLISECONDS);
            } else {
                synchronized (d) {
                    d.remaining = 1;
                }
                functionDone(d, new TriggerSource.DeadLetter("no function matches the trigger", 0, 0, ""));
            }
            return;
        }
        d.waitingSince = null;
        synchronized (d) {
            d.remaining = functions.size();
        }
        functions.forEach(function -> attempt(d, function, 1, null));
    }

    private void attempt(Delivery d, String function, int attempt, Instant waitingSince) {
        if (closing) {
            abandon(d);
            return;
        }
        caller.call(namespace, function, d.record.event()).whenComplete((result, failure) -> {
            CallResult answer = result != null ? result : CallResult.failed(CallResult.Outcome.CONNECTION_FAILED,
                    Duration.ZERO, String.valueOf(failure));
            try {
                onAnswer(d, function, attempt, waitingSince, answer);
            } catch (RuntimeException e) {
                log.error("{}: dispatching {} failed", trigger, d.record, e);
            }
        });
    }

    private void onAnswer(Delivery d, String function, int attempt, Instant waitingSince, CallResult answer) {
        CallVerdict verdict = CallVerdict.of(answer);
        Instant now = Instant.now();
        if (verdict != CallVerdict.WAIT) {
            activity.called(fire(now, function, answer, d), verdict != CallVerdict.DONE);
        }
        switch (verdict) {
            case DONE -> {
                if (settings.atLeastOnce()) {
                    source.reply(d.record, function, answer).whenComplete((ok, failure) -> {
                        if (failure != null) {
                            log.warn("{}: the answer to {} could not be published: {}", trigger, d.record,
                                    failure.getMessage());
                        }
                        functionDone(d, null);
                    });
                } else {
                    source.reply(d.record, function, answer);
                    functionDone(d, null);
                }
            }
            case DEAD_LETTER -> functionDone(d, deadLetter(answer, attempt, function));
            case RETRY -> {
                if (attempt <= settings.maxRetries()) {
                    source.nack(d.record, attempt);
                    timer.schedule(() -> attempt(d, function, attempt + 1, null),
                            settings.backoff().delayMillis(attempt), TimeUnit.MILLISECONDS);
                } else {
                    functionDone(d, deadLetter(answer, attempt, function));
                }
            }
            case WAIT -> {
                Instant since = waitingSince == null ? now : waitingSince;
                long waited = Duration.between(since, now).toMillis();
                if (waited < notReadyWait.toMillis()) {
                    source.nack(d.record, attempt);
                    long delay = Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS * (1L << Math.min(10, waited / 1000)));
                    timer.schedule(() -> attempt(d, function, attempt, since), delay, TimeUnit.MILLISECONDS);
                } else {
                    activity.called(fire(now, function, answer, d), true);
                    functionDone(d, deadLetter(answer, attempt, function));
                }
            }
        }
    }

    private boolean waitLonger(Delivery d) {
        Instant now = Instant.now();
        if (d.waitingSince == null) {
            d.waitingSince = now;
        }
        return Duration.between(d.waitingSince, now).compareTo(notReadyWait) < 0;
    }

    private long nextWait(Delivery d) {
        long waited = Duration.between(d.waitingSince, Instant.now()).toMillis();
        return Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS * (1L << Math.min(10, waited / 1000)));
    }

    private void functionDone(Delivery d, TriggerSource.DeadLetter failed) {
        boolean last;
        synchronized (d) {
            if (failed != null && d.failure == null) {
                d.failure = new SourceTrackedFailure(failed);
            }
            last = --d.remaining == 0;
        }
        if (last) {
            finish(d);
        }
    }

    private void finish(Delivery d) {
        if (d.failure == null) {
            complete(d);
            return;
        }
        TriggerSource.DeadLetter why = d.failure.deadLetter();
        activity.deadLettered(new Fire(Instant.now(), why.function(), why.statusCode() == 0 ? null : why.statusCode(),
                "dead-lettered after " + why.attempts() + " attempt(s): " + why.error(), d.record.eventId()));
        storeDeadLetter(d, why);
    }

    private void storeDeadLetter(Delivery d, TriggerSource.DeadLetter why) {
        CompletableFuture<Void> stored = source.deadLetter(d.record, why);
        stored.whenComplete((ok, failure) -> {
            if (failure == null) {
                complete(d);
            } else if (closing) {
                abandon(d);
            } else {
                // never acknowledge a failed record that is not stored anywhere: try again
                log.warn("{}: cannot store {} in the dead letter, trying again: {}", trigger, d.record,
                        failure.getMessage());
                timer.schedule(() -> storeDeadLetter(d, why), 1, TimeUnit.SECONDS);
            }
        });
    }

    private void complete(Delivery d) {
        if (settings.atLeastOnce()) {
            source.ack(d.record);
        }
        release(d);
    }

    /** Stopping: the record is left unacknowledged and comes again. */
    private void abandon(Delivery d) {
        release(d);
    }

    private void release(Delivery d) {
        synchronized (d) {
            if (d.released) {
                return; // abandoned by several of its functions' calls
            }
            d.released = true;
        }
        pending.decrementAndGet();
        if (active.decrementAndGet() == 0 && closing) {
            synchronized (active) {
                active.notifyAll();
            }
        }
        if (!closing) {
            lanes.finish(d.lane).forEach(this::start);
        }
    }

    private TriggerSource.DeadLetter deadLetter(CallResult answer, int attempt, String function) {
        String error = answer.outcome() == CallResult.Outcome.ANSWERED
                ? "function answered " + answer.status() + ": " + bodyText(answer.body()) : answer.summary();
        return new TriggerSource.DeadLetter(error, answer.status(), attempt, function);
    }

    private static Fire fire(Instant now, String function, CallResult answer, Delivery d) {
        return new Fire(now, function, answer.outcome() == CallResult.Outcome.ANSWERED ? answer.status() : null,
                answer.summary(), d.record.eventId());
    }

    private static String bodyText(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "…" : text;
    }
}
