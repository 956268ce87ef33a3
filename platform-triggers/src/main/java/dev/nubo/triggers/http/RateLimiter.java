package dev.nubo.triggers.http;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;

/** A trigger's token bucket: {@code burst} calls at once, refilled at {@code requestsPerSecond}. Lock-free. */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RateLimit limit;
    private final Bucket bucket;

    public RateLimiter(RateLimit limit) {
        this.limit = limit;
        int rate = limit.requestsPerSecond();
        int burst = limit.burst() == null ? rate : limit.burst();
        this.bucket = Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(burst).refillGreedy(rate, Duration.ofSeconds(1)))
                .build();
    }

    public RateLimit limit() {
        return limit;
    }

    /** 0 when the call may go on; otherwise the whole seconds (at least 1) until a token is back: Retry-After. */
    public long tryAcquire() {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        long nanos = probe.getNanosToWaitForRefill();
        return Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }
}
