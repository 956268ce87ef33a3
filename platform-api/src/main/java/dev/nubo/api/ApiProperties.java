package dev.nubo.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The REST API ({@code nubo.api.*}). The invoke settings {@code nubo.api.invoke-grace} and
 * {@code nubo.api.wake-timeout} belong to the shared use case: {@link dev.nubo.core.function.service.InvokeProperties}.
 *
 * @param maxRequestMegabytes largest request body (a function with a 50 MiB zip is ~67 MiB of JSON)
 * @param maxLogLines         most lines one logs request returns
 * @param logFollowTimeout    how long a followed log stream stays open
 * @param concurrentWrites    API writes (creates, updates, deletes) run at once; the others wait their turn, so reads
 *                            stay fast while clients write as fast as the API answers
 * @param writeWait           how long a write waits for its turn before it is answered 503 {@code API_BUSY}
 * @param writeShare          the share of its time a write turn may spend writing: after each write the turn rests, so
 *                            a flood of writes leaves the machine to reads, reconciles and calls (1: no rest)
 */
@ConfigurationProperties("nubo.api")
public record ApiProperties(
        @DefaultValue("80") int maxRequestMegabytes,
        @DefaultValue("10000") int maxLogLines,
        @DefaultValue("30m") Duration logFollowTimeout,
        @DefaultValue("1") int concurrentWrites,
        @DefaultValue("30s") Duration writeWait,
        @DefaultValue("0.5") double writeShare) {

    public ApiProperties {
        if (concurrentWrites < 1) {
            throw new IllegalArgumentException("nubo.api.concurrent-writes must be at least 1, not " + concurrentWrites);
        }
        if (!(writeShare > 0 && writeShare <= 1)) {
            throw new IllegalArgumentException("nubo.api.write-share must be above 0 and at most 1, not "
                    + writeShare);
        }
    }

    public long maxRequestBytes() {
        return (long) maxRequestMegabytes * 1024 * 1024;
    }
}
