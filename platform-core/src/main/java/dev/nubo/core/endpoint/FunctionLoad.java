package dev.nubo.core.endpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls in flight to one function, counted by whoever dispatches them (gateway, invoke, triggers) and read by
 * the autoscaler. One instance per function, carried by every route published for it, so counting costs two atomic
 * operations and no lookup.
 */
public final class FunctionLoad {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private volatile long lastCallNanos = System.nanoTime();
    /** Services running apart report their calls in flight here: reporter → {in flight, reported at (nanos)}. */
    private final Map<String, long[]> elsewhere = new ConcurrentHashMap<>();
    private static final long REPORT_LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(3);
    private final ReplicaSlots slots = new ReplicaSlots();

    /** The places for calls on the function's replicas: every dispatcher takes one per call. */
    public ReplicaSlots slots() {
        return slots;
    }

    /**
     * Another process (a gateway or API running apart) has {@code inFlight} calls to this function in flight, and made
     * calls since its last report when {@code called}: counted in {@link #inFlight()} until a newer report, or for 3 s.
     */
    public void reportElsewhere(String reporter, int inFlight, boolean called) {
        long now = System.nanoTime();
        elsewhere.put(reporter, new long[] {Math.max(0, inFlight), now});
        if (called || inFlight > 0) {
            lastCallNanos = now;
        }
    }

    /** A call starts; pair with {@link #end()}. */
    public void begin() {
        inFlight.incrementAndGet();
        calls.incrementAndGet();
        lastCallNanos = System.nanoTime();
    }

    /** A call ended, however it ended. */
    public void end() {
        inFlight.decrementAndGet();
        lastCallNanos = System.nanoTime();
    }

    /** Something is about to call (a call waiting for a replica): the function is not idle. */
    public void touch() {
        lastCallNanos = System.nanoTime();
    }

    public int inFlight() {
        int local = Math.max(0, inFlight.get());
        if (elsewhere.isEmpty()) {
            return local;
        }
        long now = System.nanoTime();
        int reported = 0;
        for (Map.Entry<String, long[]> report : elsewhere.entrySet()) {
            long[] value = report.getValue();
            if (now - value[1] < REPORT_LIFETIME_NANOS) {
                reported += (int) value[0];
            } else {
                elsewhere.remove(report.getKey(), value);
            }
        }
        return local + reported;
    }

    /** Calls in flight counted in this process only. */
    public int inFlightHere() {
        return Math.max(0, inFlight.get());
    }

    /** Calls begun since this function's load was first counted. */
    public long calls() {
        return calls.get();
    }

    /** {@link System#nanoTime()} of the last call's start or end. */
    public long lastCallNanos() {
        return lastCallNanos;
    }
}
