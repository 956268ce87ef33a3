package dev.nubo.core.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * One function's Micrometer meters (Prometheus names in parentheses): calls by status class
 * ({@code nubo_function_calls_total{status="2xx"}}), errors ({@code nubo_function_errors_total}), latency
 * ({@code nubo_function_duration_seconds} histogram), cold starts ({@code nubo_function_cold_starts_total}) and their
 * wait ({@code nubo_function_cold_start_duration_seconds} histogram), replicas ready
 * ({@code nubo_function_replicas_ready}). Tags: {@code namespace}, {@code function}. Made once per function (the call
 * meters at its first call) and kept, so a call only bumps counters (no lookup in the registry).
 */
final class FunctionMeters {

    static final String CALLS = "nubo.function.calls";
    static final String ERRORS = "nubo.function.errors";
    static final String DURATION = "nubo.function.duration";
    static final String COLD_STARTS = "nubo.function.cold.starts";
    static final String COLD_START_DURATION = "nubo.function.cold.start.duration";
    static final String REPLICAS = "nubo.function.replicas.ready";

    /** Few buckets per function (Prometheus series add up over 1,000 functions): 1 ms … 30 s. */
    private static final Duration[] DURATION_BUCKETS = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500,
            5_000, 10_000, 30_000);
    private static final Duration[] COLD_START_BUCKETS = millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
            10_000, 30_000);

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> made = new ArrayList<>();
    private boolean removed;
    /** Made at the function's first call: an idle function shows its replicas only (few series per function). */
    private volatile CallMeters calls;

    FunctionMeters(MeterRegistry registry, String namespace, String function, AtomicInteger replicasReady) {
        this.registry = registry;
        this.tags = Tags.of("namespace", namespace, "function", function);
        keep(Gauge.builder(REPLICAS, replicasReady, r -> Math.max(0, r.get()))
                .description("Replicas ready at the last sample").tags(tags).register(registry));
    }

    void record(int status, long durationNanos, long coldStartNanos) {
        CallMeters meters = calls;
        if (meters == null) {
            synchronized (this) {
                meters = calls;
                if (meters == null) {
                    meters = new CallMeters();
                    calls = meters;
                }
            }
        }
        meters.record(status, durationNanos, coldStartNanos);
    }

    /** The meters a call bumps. */
    private final class CallMeters {

        /** Index = status / 100 (1xx … 5xx); made at a class's first call. */
        private final AtomicReferenceArray<Counter> byClass = new AtomicReferenceArray<>(6);
        private final Counter errors = keep(Counter.builder(ERRORS)
                .description("Calls answered 5xx (the function's or the platform's)").tags(tags).register(registry));
        private final Timer duration = keep(Timer.builder(DURATION)
                .description("From dispatch to the answer's status line").tags(tags)
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry));
        private final Counter coldStarts = keep(Counter.builder(COLD_STARTS)
                .description("Calls held while their function woke").tags(tags).register(registry));
        private final Timer coldStartDuration = keep(Timer.builder(COLD_START_DURATION)
                .description("How long a cold call was held until a replica was ready").tags(tags)
                .serviceLevelObjectives(COLD_START_BUCKETS).register(registry));

        void record(int status, long durationNanos, long coldStartNanos) {
            calls(status).increment();
            if (CallRecorder.isError(status)) {
                errors.increment();
            }
            duration.record(durationNanos, TimeUnit.NANOSECONDS);
            if (coldStartNanos >= 0) {
                coldStarts.increment();
                coldStartDuration.record(coldStartNanos, TimeUnit.NANOSECONDS);
            }
        }

        private Counter calls(int status) {
            int statusClass = status >= 100 && status < 600 ? status / 100 : 5;
            Counter counter = byClass.get(statusClass);
            if (counter == null) {
                synchronized (FunctionMeters.this) {
                    counter = byClass.get(statusClass);
                    if (counter == null) {
                        counter = keep(Counter.builder(CALLS).description("Calls by the status class the caller got")
                                .tags(tags).tag("status", statusClass + "xx").register(registry));
                        byClass.set(statusClass, counter);
                    }
                }
            }
            return counter;
        }
    }

    /** The function is gone (deleted, or no longer tracked): its series leave the scrape. */
    synchronized void remove() {
        removed = true;
        made.forEach(registry::remove);
        made.clear();
    }

    private synchronized <M extends Meter> M keep(M meter) {
        if (removed) {
            registry.remove(meter); // a call racing the function's removal leaves no series behind
        }
        made.add(meter);
        return meter;
    }

    private static Duration[] millis(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1_000_000));
        }
        return durations;
    }
}
