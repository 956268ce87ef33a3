package dev.nubo.triggers.cron;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the cron scheduler ({@code nubo.cron.*}).
 *
 * @param enabled             whether this instance runs the scheduler at all
 * @param resyncInterval      how often the stored triggers and functions are read again: picks up changes made
 *                            through another platform instance sharing the store (this instance's own changes take
 *                            effect at once)
 * @param misfireGrace        a tick found late (a busy machine, a paused JVM) still fires when it is at most this
 *                            late; of several late ticks only the newest fires
 * @param catchUpMaxTicks     catchUp: at most this many missed ticks are fired after a start (the newest ones)
 * @param catchUpWindow       catchUp: only ticks missed within this long before the start are fired
 * @param notReadyRetryWindow a call that finds its function not ready (building, restarting) or unreachable is
 *                            tried again with backoff for at most this long after the tick, and never past the
 *                            trigger's next tick
 * @param statusInterval      the calls of a trigger are written to its status at most this often
 * @param claimRetention      claims of fired ticks are kept this long (they make "fire once" hold across
 *                            instances, and tell catch-up where to start); must exceed catchUpWindow
 */
@ConfigurationProperties("nubo.cron")
public record CronProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") Duration resyncInterval,
        @DefaultValue("60s") Duration misfireGrace,
        @DefaultValue("10") int catchUpMaxTicks,
        @DefaultValue("24h") Duration catchUpWindow,
        @DefaultValue("30s") Duration notReadyRetryWindow,
        @DefaultValue("1s") Duration statusInterval,
        @DefaultValue("7d") Duration claimRetention) {

    public CronProperties {
        requirePositive("resync-interval", resyncInterval);
        requirePositive("misfire-grace", misfireGrace);
        requirePositive("catch-up-window", catchUpWindow);
        requirePositive("status-interval", statusInterval);
        requirePositive("claim-retention", claimRetention);
        if (notReadyRetryWindow == null || notReadyRetryWindow.isNegative()) {
            throw new IllegalArgumentException("nubo.cron.not-ready-retry-window must be 0 or more");
        }
        if (catchUpMaxTicks < 1) {
            throw new IllegalArgumentException("nubo.cron.catch-up-max-ticks must be at least 1");
        }
        if (claimRetention.compareTo(catchUpWindow.plus(misfireGrace)) <= 0) {
            // a pruned claim could be claimed again: a tick would fire twice
            throw new IllegalArgumentException("nubo.cron.claim-retention (" + claimRetention
                    + ") must be longer than nubo.cron.catch-up-window + misfire-grace (" + catchUpWindow.plus(misfireGrace)
                    + ")");
        }
    }

    /** The defaults, for code that builds a scheduler without Spring. */
    public static CronProperties defaults() {
        return new CronProperties(true, Duration.ofSeconds(30), Duration.ofSeconds(60), 10, Duration.ofHours(24),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofDays(7));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("nubo.cron." + name + " must be positive");
        }
    }
}
