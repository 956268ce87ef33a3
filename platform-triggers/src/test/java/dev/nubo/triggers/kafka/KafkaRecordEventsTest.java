package dev.nubo.triggers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import dev.nubo.triggers.dispatch.EventRequestHeaders;
import dev.nubo.triggers.dispatch.FunctionEvent;

class KafkaRecordEventsTest {

    @Test
    void aJsonRecordBecomesAJsonEventWithItsCoordinatesKeyAndHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add("bin", new byte[] {0, 1, 2});
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 2, 41L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 0, 0, "customer-7".getBytes(StandardCharsets.UTF_8),
                "{\"total\": 12}".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());

        FunctionEvent event = KafkaRecordEvents.of(record);

        assertThat(event.id()).isEqualTo("orders-2-41");
        assertThat(event.time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.headers()).containsEntry("event-key", "customer-7").containsEntry("event-topic", "orders")
                .containsEntry("event-partition", "2").containsEntry("event-offset", "41")
                .containsEntry("event-header-trace", "abc").containsEntry("event-header-bin-base64", "AAEC");
        assertThat(EventRequestHeaders.of(event)).containsEntry("ce-id", "orders-2-41")
                .containsEntry("ce-source", "kafka.nubo.dev").containsEntry("ce-type", "dev.nubo.kafka.record")
                .containsEntry("ce-subject", "orders").containsEntry("ce-specversion", "1.0");
    }

    @Test
    void textAndBinaryValuesKeepTheirBytesWithAFittingType() {
        assertThat(KafkaRecordEvents.contentType("hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("text/plain; charset=utf-8");
        assertThat(KafkaRecordEvents.contentType(new byte[] {(byte) 0xff, 0})).isEqualTo("application/octet-stream");
        assertThat(KafkaRecordEvents.contentType(new byte[0])).isNull();
    }
}
