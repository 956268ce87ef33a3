package dev.nubo.triggers.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls held while their function wakes (scaled to zero, or its replicas starting) or while every replica is at its
 * containerConcurrency, counted per function and bounded: past {@code capacity} a call is refused at once (503 +
 * Retry-After) rather than held without end.
 */
final class WakeQueues {

    private final int capacity;
    /** One counter per function ever woken through this gateway: small, and never in the way of a call. */
    private final ConcurrentHashMap<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    WakeQueues(int capacity) {
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Takes a place for a call to {@code function}; false when the function's queue is full. */
    boolean enter(String function) {
        AtomicInteger count = waiting.computeIfAbsent(function, f -> new AtomicInteger());
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void leave(String function) {
        AtomicInteger count = waiting.get(function);
        if (count != null) {
            count.decrementAndGet();
        }
    }
}
