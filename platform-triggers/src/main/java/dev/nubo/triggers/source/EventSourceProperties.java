package dev.nubo.triggers.source;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How event-source triggers (Kafka, NATS) dispatch ({@code nubo.event-sources.*}).
 *
 * @param notReadyWait      a record whose function does not exist or has no ready replica waits this long (not
 *                          spending its retries) before it is dead-lettered
 * @param statusInterval    a trigger's status is written at most this often
 * @param drainTimeout      a stopping or reconfigured trigger waits this long for calls in flight, so they are
 *                          acknowledged instead of delivered again
 * @param maxPendingRecords a trigger stops fetching while this many records are handed out and not finished
 */
@ConfigurationProperties("nubo.event-sources")
public record EventSourceProperties(
        @DefaultValue("5m") Duration notReadyWait,
        @DefaultValue("1s") Duration statusInterval,
        @DefaultValue("10s") Duration drainTimeout,
        @DefaultValue("2000") int maxPendingRecords) {

    public EventSourceProperties {
        if (maxPendingRecords < 1) {
            throw new IllegalArgumentException("nubo.event-sources.max-pending-records must be at least 1");
        }
    }

    public static EventSourceProperties defaults() {
        return new EventSourceProperties(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(10), 2000);
    }
}
