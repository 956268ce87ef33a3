package dev.nubo.triggers.cron;

import java.time.Instant;

/**
 * The one way time passes for the cron scheduler: run a task at an instant of its {@link java.time.Clock}. The
 * platform uses {@link ExecutorCronTimer}; tests drive a manual one with a fake clock, so no test sleeps.
 */
public interface CronTimer {

    /** Runs {@code task} once, at {@code at} or as soon as possible after it (at once when it is past). */
    Scheduled schedule(Instant at, Runnable task);

    /** A task not yet run; cancelling a task that ran or is running does nothing. */
    interface Scheduled {
        void cancel();
    }
}
