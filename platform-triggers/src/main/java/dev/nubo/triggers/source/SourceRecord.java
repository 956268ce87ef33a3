package dev.nubo.triggers.source;

import dev.nubo.triggers.dispatch.FunctionEvent;

/**
 * One record (message) a {@link TriggerSource} handed out, until it is acknowledged.
 *
 * @param partition the unit the source orders by: a Kafka topic-partition ({@code orders-3}), a NATS stream
 * @param key       the record's key (ordering {@code key}); null when it has none
 * @param position  where it lies in its partition (a Kafka offset, a stream sequence), for logs and dead letters
 * @param event     what the functions receive
 * @param handle    whatever the source needs to acknowledge it (a NATS message); opaque to the dispatcher
 */
public record SourceRecord(String partition, String key, long position, FunctionEvent event, Object handle) {

    public String eventId() {
        return event.id();
    }

    @Override
    public String toString() {
        return partition + "@" + position;
    }
}
