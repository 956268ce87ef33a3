package dev.nubo.runtime.java.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The three metric families of the contract, labelled by HTTP method, in Prometheus text format 0.0.4.
 * Only calls to the function are recorded.
 */
public final class Metrics {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final String[] BUCKET_LABELS =
            {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};

    private final Map<String, MethodStats> byMethod = new ConcurrentHashMap<>();

    /** Records one call; {@code failed} for status 500 or 408. */
    public void record(String method, Duration duration, boolean failed) {
        byMethod.computeIfAbsent(method, m -> new MethodStats()).record(duration.toNanos() / 1e9, failed);
    }

    public String render() {
        Map<String, Snapshot> snapshots = new TreeMap<>();
        byMethod.forEach((method, stats) -> snapshots.put(method, stats.snapshot()));
        StringBuilder out = new StringBuilder(1024);
        family(out, "function_calls_total", "Number of calls to the function.", "counter");
        snapshots.forEach((method, s) -> sample(out, "function_calls_total", method, null, s.count));
        family(out, "function_failures_total", "Number of calls that failed (status 500 or 408).", "counter");
        snapshots.forEach((method, s) -> sample(out, "function_failures_total", method, null, s.failures));
        family(out, "function_duration_seconds", "Duration of calls to the function.", "histogram");
        snapshots.forEach((method, s) -> histogram(out, method, s));
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void histogram(StringBuilder out, String method, Snapshot snapshot) {
        for (int i = 0; i < BUCKETS.length; i++) {
            sample(out, "function_duration_seconds_bucket", method, BUCKET_LABELS[i], snapshot.buckets[i]);
        }
        sample(out, "function_duration_seconds_bucket", method, "+Inf", snapshot.count);
        out.append("function_duration_seconds_sum{method=\"").append(method).append("\"} ")
                .append(snapshot.sumSeconds).append('\n');
        sample(out, "function_duration_seconds_count", method, null, snapshot.count);
    }

    private static void sample(StringBuilder out, String name, String method, String le, long value) {
        out.append(name).append("{method=\"").append(method).append('"');
        if (le != null) {
            out.append(",le=\"").append(le).append('"');
        }
        out.append("} ").append(value).append('\n');
    }

    private record Snapshot(long count, long failures, double sumSeconds, long[] buckets) {
    }

    /** Cumulative counts; updated under its lock so a scrape never sees +Inf differ from _count. */
    private static final class MethodStats {
        private long count;
        private long failures;
        private double sumSeconds;
        private final long[] buckets = new long[BUCKETS.length];

        synchronized void record(double seconds, boolean failed) {
            count++;
            if (failed) {
                failures++;
            }
            sumSeconds += seconds;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i]++;
                }
            }
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(count, failures, sumSeconds, buckets.clone());
        }
    }
}
