package dev.nubo.triggers.cron;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CronTimer} on a scheduled executor: one platform thread waits, each due task runs on a virtual thread of
 * its own (claims and status writes touch the store; a slow one must not delay other triggers). The executor waits
 * on the monotonic clock, so a wait is cut into pieces of at most {@link #MAX_WAIT} and checked against the wall
 * clock again: a clock set forward or back (NTP, a suspended machine) is noticed within that time.
 */
public class ExecutorCronTimer implements CronTimer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExecutorCronTimer.class);
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final Clock clock;
    private final ScheduledExecutorService waiter;
    private final ExecutorService workers;

    public ExecutorCronTimer(Clock clock) {
        this.clock = clock;
        this.waiter = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("nubo-cron-timer")
                .daemon(true).factory());
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("nubo-cron-", 0).factory());
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        Task scheduled = new Task(at, task);
        scheduled.waitOrRun();
        return scheduled;
    }

    @Override
    public void close() {
        waiter.shutdownNow();
        workers.shutdown();
    }

    private final class Task implements Scheduled {

        private final Instant at;
        private final Runnable task;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile ScheduledFuture<?> waiting;

        Task(Instant at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        void waitOrRun() {
            if (cancelled.get() || waiter.isShutdown()) {
                return;
            }
            Duration left = Duration.between(clock.instant(), at);
            try {
                if (left.isNegative() || left.isZero()) {
                    workers.execute(this::run);
                } else {
                    long millis = Math.min(left.toMillis() + 1, MAX_WAIT.toMillis());
                    waiting = waiter.schedule(this::waitOrRun, millis, TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException e) {
                // the timer is closing: nothing runs any more
            }
        }

        private void run() {
            if (cancelled.get()) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("cron task failed", e);
            }
        }

        @Override
        public void cancel() {
            cancelled.set(true);
            ScheduledFuture<?> current = waiting;
            if (current != null) {
                current.cancel(false);
            }
        }
    }
}
