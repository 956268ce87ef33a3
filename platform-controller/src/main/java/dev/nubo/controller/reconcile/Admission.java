package dev.nubo.controller.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.nubo.core.admission.ApiWriteLoad;
import dev.nubo.core.function.FunctionConditions;

/**
 * Bounds what the local backend does at once, so a thousand functions arriving together cannot swamp the machine or
 * the platform: builds (dependency installs, compiles) and replica starts (spawn until healthy) each take a slot, and
 * a platform-wide cap bounds the replicas alive. A function that finds no slot waits in line — first come, first
 * served — and is woken when one frees; the refusal says why, for its status.
 *
 * <p>While clients flood the API with writes, starts are spaced out ({@link StartPacing}): a start costs the
 * machine a sandbox and an interpreter, and with four starting at once the API's reads waited on both cores (GET p99
 * 50–70 ms while 8 clients created 1,000 functions; 24–41 ms with no start at all, bench/scale/burst.sh).
 */
final class Admission {

    /** Why a function waits: a condition reason and a message for a person. */
    record Refusal(String reason, String message) {
    }

    private final int maxBuilds;
    private final int maxStarts;
    private final int maxReplicas;
    private final long minFreeMemoryBytes;
    private final LongSupplier freeMemory;
    private final Consumer<FunctionKey> wake;
    private final StartPacing pacing;
    private final LinkedHashSet<FunctionKey> buildLine = new LinkedHashSet<>();
    private final LinkedHashSet<FunctionKey> startLine = new LinkedHashSet<>();
    private int builds;
    private int starts;
    private int replicas;
    private long lastStartNanos;
    private boolean pacedWakeDue;

    /**
     * While {@code apiWrites} has writes waiting, one start begins per {@code interval} (zero: never held back);
     * {@code later} runs a task after a delay (the wake of the line's head when the next start is due).
     */
    record StartPacing(ApiWriteLoad apiWrites, Duration interval, LongSupplier nanoTime,
            BiConsumer<Duration, Runnable> later) {
    }

    Admission(int maxBuilds, int maxStarts, int maxReplicas, long minFreeMemoryBytes, LongSupplier freeMemory,
            Consumer<FunctionKey> wake, StartPacing pacing) {
        this.maxBuilds = maxBuilds;
        this.maxStarts = maxStarts;
        this.maxReplicas = maxReplicas;
        this.minFreeMemoryBytes = minFreeMemoryBytes;
        this.freeMemory = freeMemory;
        this.wake = wake;
        this.pacing = pacing;
        this.lastStartNanos = pacing.nanoTime().getAsLong() - pacing.interval().toNanos();
    }

    /** A build slot for {@code key}, or why it waits. A granted slot is given back with {@link #buildDone()}. */
    Optional<Refusal> tryBuild(FunctionKey key) {
        synchronized (this) {
            int free = maxBuilds - builds;
            int ahead = ahead(buildLine, key);
            if (ahead < free) {
                buildLine.remove(key);
                builds++;
                return Optional.empty();
            }
            buildLine.add(key);
            return Optional.of(new Refusal(FunctionConditions.REASON_WAITING_FOR_CAPACITY,
                    "queued: " + builds + " builds are running (at most " + maxBuilds + " at once), "
                            + Math.max(0, ahead - free) + " functions ahead"));
        }
    }

    void buildDone() {
        List<FunctionKey> woken;
        synchronized (this) {
            builds--;
            woken = first(buildLine, maxBuilds - builds);
        }
        woken.forEach(wake);
    }

    /**
     * A start slot and a place under the replica cap for one replica of {@code key}, or why it waits. A granted
     * start is ended with {@link #startEnded()} (ready, or failed) and the replica's place with
     * {@link #replicaGone()} when its process is gone.
     */
    Optional<Refusal> tryStart(FunctionKey key) {
        synchronized (this) {
            if (replicas >= maxReplicas) {
                startLine.add(key);
                return Optional.of(new Refusal(FunctionConditions.REASON_REPLICA_LIMIT,
                        "the platform runs " + replicas + " replicas, the most nubo.controller.max-running-replicas allows;"
                                + " waiting for one to stop"));
            }
            int free = maxStarts - starts;
            int ahead = ahead(startLine, key);
            if (ahead >= free) {
                startLine.add(key);
                return Optional.of(new Refusal(FunctionConditions.REASON_WAITING_FOR_CAPACITY,
                        "waiting to start: " + starts + " replicas are starting (at most " + maxStarts
                                + " at once), " + Math.max(0, ahead - free) + " functions ahead"));
            }
            long available = freeMemory.getAsLong();
            if (available >= 0 && available < minFreeMemoryBytes) {
                startLine.add(key);
                return Optional.of(new Refusal(FunctionConditions.REASON_REPLICA_LIMIT,
                        "the machine has only " + available / (1024 * 1024) + " MiB of memory available (at least "
                                + minFreeMemoryBytes / (1024 * 1024) + " MiB are kept free:"
                                + " nubo.controller.min-free-memory); waiting"));
            }
            Optional<Refusal> paced = paced(key, ahead);
            if (paced.isPresent()) {
                return paced;
            }
            startLine.remove(key);
            starts++;
            replicas++;
            return Optional.empty();
        }
    }

    /**
     * While API writes wait: why {@code key}, with {@code ahead} functions before it in line, waits for its start's
     * turn (it is put in line), or empty.
     */
    private Optional<Refusal> paced(FunctionKey key, int ahead) {
        long now = pacing.nanoTime().getAsLong();
        long due = lastStartNanos + pacing.interval().toNanos() - now;
        // the interval's start goes to the line's head: those woken for it may not be overtaken by a newcomer
        if (!pacing.apiWrites().writesWaiting() || due <= 0 && ahead == 0) {
            lastStartNanos = now;
            return Optional.empty();
        }
        startLine.add(key);
        if (!pacedWakeDue) {
            pacedWakeDue = true;
            pacing.later().accept(Duration.ofNanos(Math.max(0, due)), this::pacedStartDue);
        }
        return Optional.of(new Refusal(FunctionConditions.REASON_WAITING_FOR_CAPACITY,
                "waiting to start: clients are sending the API changes faster than it takes them; meanwhile one replica"
                        + " starts every " + pacing.interval().toMillis() + " ms (nubo.controller."
                        + "start-interval-while-writes-wait), " + ahead + " functions ahead"));
    }

    /** The next paced start is due: the head of the line may start (and the rest, when the writes have stopped). */
    private void pacedStartDue() {
        List<FunctionKey> woken;
        synchronized (this) {
            pacedWakeDue = false;
            woken = first(startLine, maxStarts - starts);
        }
        woken.forEach(wake);
    }

    /** A replica started under a granted slot is ready, or failed to get there: its start slot frees. */
    void startEnded() {
        List<FunctionKey> woken;
        synchronized (this) {
            starts--;
            woken = first(startLine, maxStarts - starts);
        }
        woken.forEach(wake);
    }

    /** A replica's process is gone (or never came to be): its place under the cap frees. */
    void replicaGone() {
        List<FunctionKey> woken;
        synchronized (this) {
            replicas--;
            woken = replicas == maxReplicas - 1 ? first(startLine, Math.max(1, maxStarts - starts)) : List.of();
        }
        woken.forEach(wake);
    }

    /** {@code key} needs nothing any more (deleted, built, or enough replicas): out of the lines. */
    synchronized void forget(FunctionKey key) {
        buildLine.remove(key);
        startLine.remove(key);
    }

    synchronized int replicas() {
        return replicas;
    }

    /** How many wait before {@code key}: its place in line, or the whole line when it is not in it yet. */
    private static int ahead(LinkedHashSet<FunctionKey> line, FunctionKey key) {
        int position = 0;
        for (FunctionKey waiting : line) {
            if (waiting.equals(key)) {
                return position;
            }
            position++;
        }
        return position;
    }

    private static List<FunctionKey> first(LinkedHashSet<FunctionKey> line, int count) {
        List<FunctionKey> keys = new ArrayList<>();
        Iterator<FunctionKey> it = line.iterator();
        while (it.hasNext() && keys.size() < count) {
            keys.add(it.next());
        }
        return keys;
    }
}
