package dev.nubo.core.autoscale;

/**
 * Samples of one function's calls in flight, kept for the autoscaler's longest window: a ring of (time, value)
 * pairs. Written by the sampling tick only; read by the same tick
 * (not thread-safe).
 */
public final class LoadHistory {

    private final long[] times;
    private final int[] values;
    private int next;
    private int size;

    public LoadHistory(int capacity) {
        this.times = new long[capacity];
        this.values = new int[capacity];
    }

    public void add(long nanoTime, int inFlight) {
        times[next] = nanoTime;
        values[next] = inFlight;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** The mean of the samples taken in the last {@code window} nanoseconds before {@code now}; 0 without any. */
    public double average(long window, long now) {
        long sum = 0;
        int count = 0;
        for (int i = 1; i <= size; i++) {
            int index = Math.floorMod(next - i, times.length);
            if (now - times[index] >= window) {
                break;
            }
            sum += values[index];
            count++;
        }
        return count == 0 ? 0 : (double) sum / count;
    }
}
