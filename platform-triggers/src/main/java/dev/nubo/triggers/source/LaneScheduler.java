package dev.nubo.triggers.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs items in order per lane, many lanes at once, at most {@code maxConcurrency} items at a time: a lane is a
 * partition (ordering {@code partition}), a partition and a key (ordering {@code key}: per-key order while other
 * keys of the same partition run), or one item (ordering {@code none}). Lanes waiting for a free slot are served
 * first come, first served, so a busy key cannot starve the others. Pure and thread-safe; the caller starts what
 * {@link #submit} and {@link #finish} return.
 */
public final class LaneScheduler<T> {

    private static final class Lane<T> {
        final ArrayDeque<T> queue = new ArrayDeque<>();
        boolean busy;
        boolean waiting;
    }

    private final int maxConcurrency;
    private final Map<String, Lane<T>> lanes = new HashMap<>();
    /** Lanes with queued items and nothing running, in the order they became runnable. */
    private final ArrayDeque<String> runnable = new ArrayDeque<>();
    private int running;
    private int queued;

    public LaneScheduler(int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1");
        }
        this.maxConcurrency = maxConcurrency;
    }

    /** Queues {@code item} behind its lane; returns the items to start now (possibly this one). */
    public synchronized List<T> submit(String lane, T item) {
        Lane<T> l = lanes.computeIfAbsent(lane, name -> new Lane<>());
        l.queue.add(item);
        queued++;
        markRunnable(lane, l);
        return drain();
    }

    /** The running item of {@code lane} finished; returns the items to start now. */
    public synchronized List<T> finish(String lane) {
        Lane<T> l = lanes.get(lane);
        if (l == null || !l.busy) {
            throw new IllegalStateException("nothing runs in lane " + lane);
        }
        l.busy = false;
        running--;
        if (l.queue.isEmpty()) {
            lanes.remove(lane);
        } else {
            markRunnable(lane, l);
        }
        return drain();
    }

    /** Removes queued (not running) items that match; returns how many. */
    public synchronized int dropQueued(Predicate<? super T> which) {
        int dropped = 0;
        for (Iterator<Map.Entry<String, Lane<T>>> it = lanes.entrySet().iterator(); it.hasNext();) {
            Lane<T> l = it.next().getValue();
            int before = l.queue.size();
            l.queue.removeIf(which);
            dropped += before - l.queue.size();
            if (l.queue.isEmpty() && !l.busy) {
                it.remove(); // its entry in runnable, if any, is skipped by drain
            }
        }
        queued -= dropped;
        return dropped;
    }

    public synchronized int running() {
        return running;
    }

    public synchronized int queued() {
        return queued;
    }

    private void markRunnable(String name, Lane<T> l) {
        if (!l.busy && !l.waiting) {
            l.waiting = true;
            runnable.add(name);
        }
    }

    private List<T> drain() {
        List<T> start = new ArrayList<>();
        while (running < maxConcurrency && !runnable.isEmpty()) {
            String name = runnable.poll();
            Lane<T> l = lanes.get(name);
            if (l == null) {
                continue; // emptied by dropQueued
            }
            l.waiting = false;
            if (l.busy || l.queue.isEmpty()) {
                continue;
            }
            l.busy = true;
            running++;
            queued--;
            start.add(l.queue.poll());
        }
        return start;
    }
}
