package dev.nubo.triggers.cron;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.nubo.core.trigger.CronSchedule;

/** Which ticks fire: pure decisions on a schedule and instants, unit-tested without a clock. */
final class TickPlan {

    private TickPlan() {
    }

    /**
     * Woken at {@code now} for the tick due at {@code due} (≤ now): the tick to fire, if any, and the next one to
     * wait for. Of the ticks in {@code [due, now]}, only the newest fires, and only when it is at most
     * {@code grace} late: a scheduler that was held up does not fire a burst of stale ticks.
     *
     * @param fire the tick to fire now, or null
     * @param next the first tick after {@code now}, or null when the schedule never fires again
     */
    record Wake(Instant fire, Instant next) {
    }

    static Wake wake(CronSchedule schedule, Instant due, Instant now, Duration grace) {
        Instant from = later(due, now.minus(grace));
        Instant newest = null;
        for (Instant tick = atOrAfter(schedule, from); tick != null && !tick.isAfter(now); tick = schedule.next(tick)) {
            newest = tick;
        }
        return new Wake(newest, schedule.next(now));
    }

    /**
     * The ticks missed while the platform was down, for a trigger with catchUp: those after {@code lastFired} (the
     * trigger's newest claimed tick, or its creation), no older than {@code window} before {@code now}, at most the
     * newest {@code maxTicks}, oldest first. {@code now} itself counts as missed if it is a tick.
     */
    static List<Instant> missed(CronSchedule schedule, Instant lastFired, Instant now, int maxTicks, Duration window) {
        Instant after = later(lastFired, now.minus(window));
        Deque<Instant> newest = new ArrayDeque<>(maxTicks);
        for (Instant tick = schedule.next(after); tick != null && !tick.isAfter(now); tick = schedule.next(tick)) {
            if (newest.size() == maxTicks) {
                newest.removeFirst();
            }
            newest.addLast(tick);
        }
        return List.copyOf(newest);
    }

    /** The first tick at or after {@code instant} (schedules tick on whole milliseconds at the finest). */
    private static Instant atOrAfter(CronSchedule schedule, Instant instant) {
        return schedule.next(instant.minusMillis(1));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
