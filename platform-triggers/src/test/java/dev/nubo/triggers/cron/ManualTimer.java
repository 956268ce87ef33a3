package dev.nubo.triggers.cron;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CronTimer} a test drives: {@link #advanceTo} runs every task due until then in time order, in the test's
 * thread, moving the {@link FakeClock} to each task's instant first. Tasks scheduled while running are picked up
 * when they are due before the target.
 */
final class ManualTimer implements CronTimer {

    private final FakeClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparing((Task t) -> t.at).thenComparingLong(t -> t.order));
    private final AtomicLong order = new AtomicLong();

    private static final class Task implements Scheduled {
        final Instant at;
        final long order;
        final Runnable run;
        volatile boolean cancelled;

        Task(Instant at, long order, Runnable run) {
            this.at = at;
            this.order = order;
            this.run = run;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    ManualTimer(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Scheduled schedule(Instant at, Runnable task) {
        Task scheduled = new Task(at, order.incrementAndGet(), task);
        queue.add(scheduled);
        return scheduled;
    }

    void advanceTo(Instant target) {
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at.isAfter(target)) {
                    break;
                }
                queue.poll();
            }
            if (next.cancelled) {
                continue;
            }
            if (next.at.isAfter(clock.instant())) {
                clock.set(next.at);
            }
            next.run.run();
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
    }

    void advance(Duration duration) {
        advanceTo(clock.instant().plus(duration));
    }

    /** Runs what is due now (e.g. status writes a store event asked for). */
    void runDue() {
        advanceTo(clock.instant());
    }
}
