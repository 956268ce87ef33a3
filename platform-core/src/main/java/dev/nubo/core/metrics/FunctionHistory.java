package dev.nubo.core.metrics;

import java.time.Instant;
import java.util.List;

/**
 * A function's calls minute by minute, oldest first.
 *
 * @param points one per minute, without gaps
 */
public record FunctionHistory(List<Point> points) {

    public FunctionHistory {
        points = List.copyOf(points);
    }

    /**
     * One minute.
     *
     * @param minute     its start
     * @param calls      calls answered or failed in it
     * @param errors     of those, answered 5xx (the function's or the platform's: replica failed, not ready, timeout)
     * @param coldStarts of those, held while their function woke
     * @param p50Millis  median latency, or null without calls
     * @param p99Millis  99th percentile latency, or null without calls
     * @param replicas   most replicas seen ready in the minute, or null when not sampled
     */
    public record Point(Instant minute, long calls, long errors, long coldStarts, Double p50Millis, Double p99Millis,
            Integer replicas) {

        static Point empty(Instant minute) {
            return new Point(minute, 0, 0, 0, null, null, null);
        }
    }

    public FunctionMetrics.CallTotals totals() {
        long calls = 0;
        long errors = 0;
        for (Point point : points) {
            calls += point.calls();
            errors += point.errors();
        }
        return new FunctionMetrics.CallTotals(calls, errors);
    }
}
