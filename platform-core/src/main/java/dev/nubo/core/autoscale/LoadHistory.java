package dev.nubo.core.autoscale;

/**
 * Samples of one function's calls in flight, kept for the autoscaler's longest window: a ring of (time, value)
 * pairs. Written by the sampling tick only; read by the same tick
 * (not thread-safe).
 *
 * <p>The tick averages every function's history over two windows ten times a second; a 60 s window holds 600
 * samples, so walking them cost a thousand functions ~12 million steps a second. Each sample therefore keeps the
 * running total before it: an average is a binary search for the window's first sample and one subtraction.
 */
public final class LoadHistory {

    private final long[] times;
    /** The sum of every value added before this sample. */
    private final long[] totalBefore;
    /** The sum of every value added so far. */
    private long total;
    private int next;
    private int size;

    public LoadHistory(int capacity) {
        this.times = new long[capacity];
        this.totalBefore = new long[capacity];
    }

    public void add(long nanoTime, int inFlight) {
        times[next] = nanoTime;
        totalBefore[next] = total;
        total += inFlight;
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
        return (double) (total - totalBefore[newest(inside)]) / inside;
    }

    /** The ring index of the {@code k}-th newest sample (1 = the newest). */
    private int newest(int k) {
        return Math.floorMod(next - k, times.length);
    }
}
