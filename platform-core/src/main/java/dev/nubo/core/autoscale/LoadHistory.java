package dev.nubo.core.autoscale;

/**
 * Samples of one function's calls in flight, kept for the autoscaler's longest window: a ring of (time, value)
 * pairs. Written by the sampling tick only; read by the same tick
 * (not thread-safe).
 *
 * <p>The tick averages every function's history over two windows ten times a second; a 60 s window holds 600
 * samples, so walking them cost a thousand functions ~12 million steps a second. Each sample therefore also keeps
 * the running total up to it: an average is a binary search for the window's first sample and one subtraction.
 */
public final class LoadHistory {

    private final long[] times;
    private final int[] values;
    /** The sum of every value added so far, up to and including this sample (the ring's totals only grow). */
    private final long[] totals;
    private int next;
    private int size;

    public LoadHistory(int capacity) {
        this.times = new long[capacity];
        this.values = new int[capacity];
        this.totals = new long[capacity];
    }

    public void add(long nanoTime, int inFlight) {
        long before = size == 0 ? 0 : totals[newest(1)];
        times[next] = nanoTime;
        values[next] = inFlight;
        totals[next] = before + inFlight;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** The mean of the samples taken in the last {@code window} nanoseconds before {@code now}; 0 without any. */
    public double average(long window, long now) {
        // samples come in time order: the ones inside the window are the newest `inside` of them
        int inside = 0;
        int outside = size + 1;
        while (outside - inside > 1) {
            int middle = (inside + outside) >>> 1;
            if (now - times[newest(middle)] < window) {
                inside = middle;
            } else {
                outside = middle;
            }
        }
        if (inside == 0) {
            return 0;
        }
        int oldest = newest(inside);
        long sum = totals[newest(1)] - totals[oldest] + values[oldest];
        return (double) sum / inside;
    }

    /** The ring index of the {@code k}-th newest sample (1 = the newest). */
    private int newest(int k) {
        return Math.floorMod(next - k, times.length);
    }
}
