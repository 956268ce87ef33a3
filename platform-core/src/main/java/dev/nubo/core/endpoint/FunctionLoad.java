package dev.nubo.core.endpoint;

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
