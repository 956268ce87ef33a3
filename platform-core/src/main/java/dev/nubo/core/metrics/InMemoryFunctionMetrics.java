package dev.nubo.core.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The last hour of every function's calls in memory, and the same calls as Micrometer meters when a registry is
 * given (Prometheus in standalone).
 *
 * <p>Memory is bounded: per function a ring of 60 one-minute slots. The current and the previous minute are live
 * (atomic counters and a {@link LatencyHistogram} of 240 counters, ~1 KiB); older minutes are {@link #maintain()
 * frozen} into a few numbers (~50 bytes), so 1,000 busy functions hold ~2 MiB of histograms and ~3 MiB of history.
 * At most {@code maxFunctions} are tracked; calls of functions past that are not recorded (logged once).
 *
 * <p>Recording is lock-free (a map lookup, a few atomic increments) and never blocks, so event loops may call it.
 */
public class InMemoryFunctionMetrics implements CallRecorder, FunctionMetrics {

    static final int MINUTES = 60;
    private static final long MINUTE_MILLIS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(InMemoryFunctionMetrics.class);

    private final Clock clock;
    private final MeterRegistry registry;
    private final int maxFunctions;
    private final ConcurrentHashMap<Key, Series> series = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    /**
     * @param registry     where the Prometheus meters go, or null for the history alone
     * @param maxFunctions how many functions are tracked at most
     */
    public InMemoryFunctionMetrics(Clock clock, MeterRegistry registry, int maxFunctions) {
        this.clock = clock;
        this.registry = registry;
        this.maxFunctions = maxFunctions;
    }

    @Override
    public void record(String namespace, String function, int status, long durationNanos, long coldStartNanos) {
        Series target = series(namespace, function);
        if (target == null) {
            return;
        }
        Minute minute = target.live(currentMinute());
        if (minute != null) {
            minute.record(status, durationNanos, coldStartNanos);
        }
        if (target.meters != null) {
            target.meters.record(status, durationNanos, coldStartNanos);
        }
    }

    /** A sample of the function's ready replicas: the minute keeps the most it saw, the gauge the last. */
    public void recordReplicas(String namespace, String function, int ready) {
        Series target = series(namespace, function);
        if (target == null) {
            return;
        }
        target.replicas.set(ready);
        Minute minute = target.live(currentMinute());
        if (minute != null) {
            minute.replicas.accumulateAndGet(ready, Math::max);
        }
    }

    @Override
    public FunctionHistory history(String namespace, String function) {
        long now = currentMinute();
        Series found = series.get(new Key(namespace, function));
        List<FunctionHistory.Point> points = new ArrayList<>(MINUTES);
        for (long minute = now - MINUTES + 1; minute <= now; minute++) {
            Instant start = Instant.ofEpochMilli(minute * MINUTE_MILLIS);
            Object slot = found == null ? null : found.slots.get(slotOf(minute));
            if (slot instanceof Minute live && live.minute == minute) {
                points.add(live.point(start));
            } else if (slot instanceof Frozen frozen && frozen.minute == minute) {
                points.add(frozen.point(start));
            } else {
                points.add(FunctionHistory.Point.empty(start));
            }
        }
        return new FunctionHistory(points);
    }

    /** Adds up the hour's counters alone (the functions list asks for every function of a namespace). */
    @Override
    public CallTotals lastHour(String namespace, String function) {
        Series found = series.get(new Key(namespace, function));
        if (found == null) {
            return CallTotals.NONE;
        }
        long now = currentMinute();
        long calls = 0;
        long errors = 0;
        for (int i = 0; i < MINUTES; i++) {
            Object slot = found.slots.get(i);
            if (slot instanceof Minute live && live.minute > now - MINUTES && live.minute <= now) {
                calls += live.calls.get();
                errors += live.errors.get();
            } else if (slot instanceof Frozen frozen && frozen.minute > now - MINUTES && frozen.minute <= now) {
                calls += frozen.calls;
                errors += frozen.errors;
            }
        }
        return new CallTotals(calls, errors);
    }

    /**
     * Freezes minutes older than the previous one (their histograms become two percentiles). Called periodically
     * ({@link ReplicaSampler}); a call still recording into a frozen minute (a thread stalled for a minute) is lost
     * to the history, not to the Prometheus meters.
     */
    public void maintain() {
        long now = currentMinute();
        for (Series each : series.values()) {
            for (int i = 0; i < MINUTES; i++) {
                if (each.slots.get(i) instanceof Minute live && live.minute < now - 1) {
                    each.slots.compareAndSet(i, live, live.freeze());
                }
            }
        }
    }

    /**
     * Forgets every function but {@code existing} (deleted ones) that was tracked before {@code listedAt}: a function
     * created after the listing and already called is kept.
     */
    public void retainOnly(Set<Key> existing, Instant listedAt) {
        long listed = listedAt.toEpochMilli();
        series.entrySet().removeIf(entry -> {
            boolean gone = !existing.contains(entry.getKey()) && entry.getValue().createdMillis < listed;
            if (gone && entry.getValue().meters != null) {
                entry.getValue().meters.remove();
            }
            return gone;
        });
    }

    /** The functions tracked now. */
    public Set<Key> tracked() {
        return Set.copyOf(series.keySet());
    }

    private Series series(String namespace, String function) {
        Key key = new Key(namespace, function);
        Series found = series.get(key);
        if (found != null) {
            return found;
        }
        if (series.size() >= maxFunctions) {
            if (warnedFull.compareAndSet(false, true)) {
                log.warn("Metrics track at most {} functions (nubo.metrics.max-functions); calls of {} and further "
                        + "functions are not recorded", maxFunctions, key);
            }
            return null;
        }
        return series.computeIfAbsent(key, k -> new Series(k, clock.millis(), registry));
    }

    private long currentMinute() {
        return Math.floorDiv(clock.millis(), MINUTE_MILLIS);
    }

    private static int slotOf(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }

    /** A function's identity. */
    public record Key(String namespace, String function) {
    }

    private static final class Series {

        final long createdMillis;
        /** A {@link Minute} while live, a {@link Frozen} after; the slot of minute m is m mod 60. */
        final AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(MINUTES);
        final AtomicInteger replicas = new AtomicInteger(-1);
        final FunctionMeters meters;

        Series(Key key, long createdMillis, MeterRegistry registry) {
            this.createdMillis = createdMillis;
            this.meters = registry == null ? null : new FunctionMeters(registry, key.namespace(), key.function(),
                    replicas);
        }

        /** The live minute, made when it is new; null when the call belongs to a minute already frozen or gone. */
        Minute live(long minute) {
            int slot = slotOf(minute);
            while (true) {
                Object current = slots.get(slot);
                if (current instanceof Minute live && live.minute == minute) {
                    return live;
                }
                if (current != null && minuteOf(current) >= minute) {
                    return null;
                }
                Minute fresh = new Minute(minute);
                if (slots.compareAndSet(slot, current, fresh)) {
                    return fresh;
                }
            }
        }

        private static long minuteOf(Object slot) {
            return slot instanceof Minute live ? live.minute : ((Frozen) slot).minute;
        }
    }

    private static final class Minute {

        final long minute;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong coldStarts = new AtomicLong();
        final AtomicInteger replicas = new AtomicInteger(-1);
        /** Made at the minute's first call: minutes with replica samples only need none. */
        private volatile AtomicIntegerArray latency;

        Minute(long minute) {
            this.minute = minute;
        }

        void record(int status, long durationNanos, long coldStartNanos) {
            latency().incrementAndGet(LatencyHistogram.bucketOf(durationNanos));
            if (CallRecorder.isError(status)) {
                errors.incrementAndGet();
            }
            if (coldStartNanos >= 0) {
                coldStarts.incrementAndGet();
            }
            calls.incrementAndGet();
        }

        private AtomicIntegerArray latency() {
            AtomicIntegerArray counts = latency;
            if (counts == null) {
                synchronized (this) {
                    counts = latency;
                    if (counts == null) {
                        counts = LatencyHistogram.newCounts();
                        latency = counts;
                    }
                }
            }
            return counts;
        }

        FunctionHistory.Point point(Instant start) {
            AtomicIntegerArray counts = latency;
            int sampled = replicas.get();
            return new FunctionHistory.Point(start, calls.get(), errors.get(), coldStarts.get(),
                    counts == null ? null : LatencyHistogram.percentileMillis(counts, 0.50),
                    counts == null ? null : LatencyHistogram.percentileMillis(counts, 0.99),
                    sampled < 0 ? null : sampled);
        }

        Frozen freeze() {
            FunctionHistory.Point point = point(Instant.EPOCH);
            return new Frozen(minute, point.calls(), point.errors(), point.coldStarts(),
                    point.p50Millis() == null ? Float.NaN : point.p50Millis().floatValue(),
                    point.p99Millis() == null ? Float.NaN : point.p99Millis().floatValue(), replicas.get());
        }
    }

    /** A past minute: a few numbers instead of counters and a histogram. */
    private record Frozen(long minute, long calls, long errors, long coldStarts, float p50, float p99, int replicas) {

        FunctionHistory.Point point(Instant start) {
            return new FunctionHistory.Point(start, calls, errors, coldStarts,
                    Float.isNaN(p50) ? null : (double) p50, Float.isNaN(p99) ? null : (double) p99,
                    replicas < 0 ? null : replicas);
        }
    }
}
