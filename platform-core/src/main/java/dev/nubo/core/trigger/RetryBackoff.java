package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Exponential backoff between attempts: initialMillis, × multiplier per attempt, at most maxMillis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryBackoff(Long initialMillis, Double multiplier, Long maxMillis) {

    public static final RetryBackoff DEFAULT = new RetryBackoff(200L, 2.0, 30_000L);

    /** Fills what was left out from {@link #DEFAULT}. */
    public static RetryBackoff withDefaults(RetryBackoff given) {
        if (given == null) {
            return DEFAULT;
        }
        return new RetryBackoff(given.initialMillis == null ? DEFAULT.initialMillis : given.initialMillis,
                given.multiplier == null ? DEFAULT.multiplier : given.multiplier,
                given.maxMillis == null ? DEFAULT.maxMillis : given.maxMillis);
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1, 2, …). */
    public long delayMillis(int attempt) {
        double delay = initialMillis * Math.pow(multiplier, Math.max(0, attempt - 1));
        return (long) Math.min(delay, maxMillis);
    }
}
