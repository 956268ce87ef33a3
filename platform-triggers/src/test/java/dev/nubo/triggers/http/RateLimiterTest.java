package dev.nubo.triggers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;

class RateLimiterTest {

    @Test
    void aBurstGoesThroughThenCallsWaitForTheRefill() {
        RateLimiter limiter = new RateLimiter(new RateLimit(1, 3));

        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).as("Retry-After in whole seconds").isEqualTo(1);
    }

    @Test
    void retryAfterGrowsWithASlowRate() {
        // one call a second, burst 1: after the first call the next token is at most a second away
        RateLimiter limiter = new RateLimiter(new RateLimit(1, 1));

        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isBetween(1L, 1L);
    }
}
