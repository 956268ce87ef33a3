package dev.nubo.core.metrics;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Log-linear latency buckets for percentiles in bounded memory (HdrHistogram's idea with 3 significant bits):
 * exact microseconds below 16 µs, then 8 buckets per power of two, so a percentile read from a bucket's middle is
 * within ±6.25 % of the true value, up to ~36 minutes (longer calls land in the last bucket). 240 counters.
 */
final class LatencyHistogram {

    private static final int EXACT = 16;
    private static final int SUB_BITS = 3;
    private static final int SUBS = 1 << SUB_BITS;
    private static final int MIN_EXPONENT = 4;
    private static final int MAX_EXPONENT = 31;
    static final int BUCKETS = EXACT + (MAX_EXPONENT - MIN_EXPONENT + 1) * SUBS;

    private LatencyHistogram() {
    }

    static AtomicIntegerArray newCounts() {
        return new AtomicIntegerArray(BUCKETS);
    }

    static int bucketOf(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        if (micros < EXACT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUBS - 1);
        return EXACT + (exponent - MIN_EXPONENT) * SUBS + sub;
    }

    /** The middle of a bucket, in milliseconds. */
    static double middleMillis(int bucket) {
        if (bucket < EXACT) {
            return (bucket + 0.5) / 1_000;
        }
        int exponent = MIN_EXPONENT + (bucket - EXACT) / SUBS;
        int sub = (bucket - EXACT) % SUBS;
        long lower = (long) (SUBS + sub) << (exponent - SUB_BITS);
        long width = 1L << (exponent - SUB_BITS);
        return (lower + width / 2.0) / 1_000;
    }

    /** The {@code quantile} (0..1) of the counted latencies in milliseconds, or null when nothing was counted. */
    static Double percentileMillis(AtomicIntegerArray counts, double quantile) {
        long total = 0;
        int[] snapshot = new int[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return middleMillis(i);
            }
        }
        return middleMillis(BUCKETS - 1);
    }
}
