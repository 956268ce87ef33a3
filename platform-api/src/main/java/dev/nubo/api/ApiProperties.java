package dev.nubo.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The REST API ({@code nubo.api.*}).
 *
 * @param maxRequestMegabytes largest request body (a function with a 50 MiB zip is ~67 MiB of JSON)
 * @param invokeGrace         how long past the function's own timeout an invoke waits before answering 504
 * @param maxLogLines         most lines one logs request returns
 * @param logFollowTimeout    how long a followed log stream stays open
 * @param wakeTimeout         how long an invoke of a function without a ready replica (scaled to zero, starting)
 *                            waits for one before answering 503
 */
@ConfigurationProperties("nubo.api")
public record ApiProperties(
        @DefaultValue("80") int maxRequestMegabytes,
        @DefaultValue("1s") Duration invokeGrace,
        @DefaultValue("10000") int maxLogLines,
        @DefaultValue("30m") Duration logFollowTimeout,
        @DefaultValue("60s") Duration wakeTimeout) {

    public long maxRequestBytes() {
        return (long) maxRequestMegabytes * 1024 * 1024;
    }
}
