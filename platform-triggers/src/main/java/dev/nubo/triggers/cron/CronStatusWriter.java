package dev.nubo.triggers.cron;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.trigger.TriggerStatus.Fire;
import dev.nubo.triggers.cron.CronStatus.Delta;

/**
 * Writes what the scheduler saw into the triggers' status, calmly: a changed view (condition, functions, generation)
 * is written at once; fires are gathered and written at most once per {@code interval} per trigger. Every write
 * merges into the stored status under the row lock ({@link CronTriggerStore#changeStatus}), so counts from several
 * platform instances add up, and a write that would change nothing is skipped. A failed write is kept and tried
 * again; it never stops the scheduler.
 */
final class CronStatusWriter {

    private static final Logger log = LoggerFactory.getLogger(CronStatusWriter.class);

    private final CronTriggerStore store;
    private final CronTimer timer;
    private final Clock clock;
    private final Duration interval;
    /** By trigger uid. */
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        CronView view;
        Delta delta = Delta.NONE;
        Instant lastWrite;
        Instant flushAt;
        CronTimer.Scheduled flush;
    }

    CronStatusWriter(CronTriggerStore store, CronTimer timer, Clock clock, Duration interval) {
        this.store = store;
        this.timer = timer;
        this.clock = clock;
        this.interval = interval;
    }

    /** The trigger's current view; written at once when it differs from the last one shown. */
    synchronized void show(CronView view) {
        Pending p = pending.computeIfAbsent(view.uid(), uid -> new Pending());
        boolean changed = !view.sameAs(p.view);
        p.view = view;
        if (changed) {
            flushAt(view.uid(), p, clock.instant());
        }
    }

    /** A call that ended (answered, failed, or abandoned); {@code failed} ones also become lastError. */
    void recordCall(String uid, Fire fire, boolean failed) {
        record(uid, new Delta(fire, failed ? fire : null, 1, failed ? 1 : 0));
    }

    /** A tick that made no call (skipped by the concurrency policy): shows as lastFire, counts nothing. */
    void recordSkip(String uid, Fire fire) {
        record(uid, new Delta(fire, null, 0, 0));
    }

    /** A tick that could not call anything (no target, store unreachable): shows as lastError. */
    void recordError(String uid, Fire fire) {
        record(uid, new Delta(null, fire, 0, 0));
    }

    /** The trigger is gone: what was not written is dropped. */
    synchronized void forget(String uid) {
        Pending p = pending.remove(uid);
        if (p != null && p.flush != null) {
            p.flush.cancel();
        }
    }

    /** Writes everything pending now, in the caller's thread (the scheduler stops). */
    void flushAll() {
        List<String> uids;
        synchronized (this) {
            uids = new ArrayList<>(pending.keySet());
        }
        uids.forEach(this::flush);
    }

    private synchronized void record(String uid, Delta delta) {
        Pending p = pending.get(uid);
        if (p == null) {
            return; // the trigger was deleted while its call ran
        }
        p.delta = p.delta.plus(delta);
        Instant now = clock.instant();
        Instant earliest = p.lastWrite == null ? now : p.lastWrite.plus(interval);
        flushAt(uid, p, earliest.isAfter(now) ? earliest : now);
    }

    /** Schedules a flush at {@code at}, unless one is due earlier already. */
    private void flushAt(String uid, Pending p, Instant at) {
        if (p.flush != null && !p.flushAt.isAfter(at)) {
            return;
        }
        if (p.flush != null) {
            p.flush.cancel();
        }
        p.flushAt = at;
        p.flush = timer.schedule(at, () -> flush(uid));
    }

    private void flush(String uid) {
        CronView view;
        Delta delta;
        Instant now = clock.instant();
        synchronized (this) {
            Pending p = pending.get(uid);
            if (p == null || p.view == null) {
                return;
            }
            view = p.view;
            delta = p.delta;
            p.delta = Delta.NONE;
            p.lastWrite = now;
            if (p.flush != null) {
                p.flush.cancel();
            }
            p.flush = null;
        }
        try {
            store.changeStatus(view.namespace(), view.name(),
                    stored -> CronStatus.merge(stored, view, delta, now, clock));
        } catch (RuntimeException e) {
            log.warn("cannot write the status of CronTrigger {}/{}; trying again: {}", view.namespace(), view.name(),
                    e.getMessage());
            synchronized (this) {
                Pending p = pending.get(uid);
                if (p != null) {
                    p.delta = delta.plus(p.delta);
                    flushAt(uid, p, clock.instant().plus(interval));
                }
            }
        }
    }
}
