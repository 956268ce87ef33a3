package dev.nubo.triggers.http;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.nubo.core.trigger.TriggerStatus.Fire;

/**
 * What a trigger's calls did since the router last wrote its status: counted on the event loops without locks or
 * allocation (a failure allocates its description), drained into the status every few seconds.
 */
public final class TriggerCalls {

    /** What the router writes: counts to add (several instances add to one status), the newest call and failure. */
    public record Delta(long calls, long failures, Fire lastFire, Fire lastError) {

        public boolean isEmpty() {
            return calls == 0 && failures == 0 && lastFire == null && lastError == null;
        }
    }

    private final String function;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    // the last call, as plain fields: written on every call, read at a drain (a torn read mixes two real calls)
    private volatile long lastMillis;
    private volatile int lastStatus;
    private volatile long lastTookMicros;
    private volatile long drainedMillis;
    private final AtomicReference<Fire> lastError = new AtomicReference<>();

    public TriggerCalls(String function) {
        this.function = function;
    }

    /** The function answered (any status; 5xx counts as a failure). */
    public void answered(int status, long tookNanos) {
        calls.increment();
        lastStatus = status;
        lastTookMicros = tookNanos / 1000;
        lastMillis = System.currentTimeMillis();
        if (status >= 500) {
            failures.increment();
            lastError.set(new Fire(Instant.ofEpochMilli(lastMillis), function, status,
                    describe(status, tookNanos / 1000), null));
        }
    }

    /** No answer from the function: the gateway answered {@code status} (502, 503, 504) with {@code detail}. */
    public void failed(int status, String detail) {
        calls.increment();
        failures.increment();
        long now = System.currentTimeMillis();
        lastStatus = status;
        lastTookMicros = -1;
        lastMillis = now;
        lastError.set(new Fire(Instant.ofEpochMilli(now), function, status, detail, null));
    }

    /** What happened since the last drain; empty when nothing did. */
    public Delta drain() {
        long count = calls.sumThenReset();
        long failed = failures.sumThenReset();
        long millis = lastMillis;
        Fire last = millis > drainedMillis || count > 0
                ? new Fire(Instant.ofEpochMilli(millis), function, lastStatus, describe(lastStatus, lastTookMicros),
                        null)
                : null;
        Fire error = lastError.getAndSet(null);
        drainedMillis = millis;
        return new Delta(count, failed, millis == 0 ? null : last, error);
    }

    /** A delta that could not be written: counted again, to be written with the next one. */
    public void restore(Delta delta) {
        calls.add(delta.calls());
        failures.add(delta.failures());
        if (delta.lastError() != null) {
            lastError.compareAndSet(null, delta.lastError());
        }
        if (delta.lastFire() != null) {
            drainedMillis = 0;
        }
    }

    private static String describe(int status, long tookMicros) {
        return tookMicros < 0 ? "gateway answered " + status
                : status + " in " + (tookMicros < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f ms",
                        tookMicros / 1000.0) : (tookMicros / 1000) + " ms");
    }
}
