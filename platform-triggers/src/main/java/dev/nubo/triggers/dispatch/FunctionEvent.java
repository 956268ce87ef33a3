package dev.nubo.triggers.dispatch;

import java.time.Instant;
import java.util.Map;

/**
 * One event a trigger hands to a function (docs/function-contract.md): sent as the body with the Kubeless
 * {@code event-*} headers and their CloudEvents binary-mode {@code ce-*} twins.
 *
 * @param id          event-id / ce-id; stable across retries of the same record or tick
 * @param time        event-time / ce-time (a record's timestamp, a tick's scheduled time)
 * @param emitter     event-namespace / ce-source, e.g. {@code kafka.nubo.dev}, {@code cron.nubo.dev}
 * @param cloudEventType ce-type, e.g. {@code dev.nubo.kafka.record}
 * @param contentType the body's Content-Type (and event-type); null = no body type
 * @param data        the body; empty for none
 * @param headers     further headers for the call (e.g. {@code event-topic}, {@code ce-subject}, Kafka headers)
 */
public record FunctionEvent(String id, Instant time, String emitter, String cloudEventType, String contentType,
        byte[] data, Map<String, String> headers) {

    public FunctionEvent {
        data = data == null ? new byte[0] : data;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
