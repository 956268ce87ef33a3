package dev.nubo.triggers.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import dev.nubo.triggers.dispatch.FunctionEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kafka record as the event a function receives (docs/function-contract.md, "Kafka events"): the value as the body
 * ({@code application/json} when it parses as JSON, so runtimes hand the function parsed data), event id
 * {@code topic-partition-offset} (stable across redeliveries), the record's timestamp as event time, the key and
 * the record's headers as request headers.
 */
final class KafkaRecordEvents {

    static final String EMITTER = "kafka.nubo.dev";
    static final String CE_TYPE = "dev.nubo.kafka.record";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Header names HTTP accepts as they are. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    private KafkaRecordEvents() {
    }

    static String eventId(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    static FunctionEvent of(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-subject", record.topic());
        headers.put("event-topic", record.topic());
        headers.put("event-partition", Integer.toString(record.partition()));
        headers.put("event-offset", Long.toString(record.offset()));
        if (record.key() != null) {
            String key = text(record.key());
            if (key != null && printable(key)) {
                headers.put("event-key", key);
                headers.put("ce-partitionkey", key);
            } else {
                headers.put("event-key-base64", Base64.getEncoder().encodeToString(record.key()));
            }
        }
        for (Header header : record.headers()) {
            String name = header.key().toLowerCase();
            if (!TOKEN.matcher(name).matches() || header.value() == null) {
                continue;
            }
            String text = text(header.value());
            if (text != null && printable(text)) {
                headers.put("event-header-" + name, text);
            } else {
                headers.put("event-header-" + name + "-base64", Base64.getEncoder().encodeToString(header.value()));
            }
        }
        Instant time = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
        return new FunctionEvent(eventId(record.topic(), record.partition(), record.offset()), time, EMITTER, CE_TYPE,
                contentType(value), value, headers);
    }

    /** JSON when it parses as JSON, text when it is UTF-8, bytes otherwise; none for an empty value. */
    static String contentType(byte[] value) {
        if (value.length == 0) {
            return null;
        }
        String text = text(value);
        if (text == null) {
            return "application/octet-stream";
        }
        try {
            JSON.readTree(value);
            return "application/json";
        } catch (JacksonException notJson) {
            return "text/plain; charset=utf-8";
        }
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
