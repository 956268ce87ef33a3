package dev.nubo.triggers.kafka;

import java.util.TreeSet;

/**
 * The commit position of one partition under at-least-once with records finishing out of order (ordering key or
 * none): the offset to commit is the lowest record still in flight, or, with none in flight, the one after the
 * highest received. A crash then re-delivers at most the records from the lowest unfinished one on, never skips one.
 * Not thread-safe: the consumer's thread owns it.
 */
final class OffsetTracker {

    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long next;

    /** @param position where consumption of the partition starts (the consumer's position when assigned) */
    OffsetTracker(long position) {
        this.next = position;
    }

    void received(long offset) {
        inFlight.add(offset);
        next = Math.max(next, offset + 1);
    }

    /** The record is finished; an offset not in flight (an acknowledgement from before a rebalance) is ignored. */
    void done(long offset) {
        inFlight.remove(offset);
    }

    /** The offset a commit may store now: every record below it is finished. */
    long committable() {
        return inFlight.isEmpty() ? next : inFlight.first();
    }

    int inFlight() {
        return inFlight.size();
    }
}
