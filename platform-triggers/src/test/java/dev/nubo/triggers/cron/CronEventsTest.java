package dev.nubo.triggers.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.triggers.dispatch.EventRequestHeaders;
import dev.nubo.triggers.dispatch.FunctionEvent;

class CronEventsTest {

    private static final Instant TICK = Instant.parse("2026-03-02T10:05:00Z");

    private static CronTrigger trigger(Object payload, String contentType) {
        return CronTrigger.of(new ObjectMeta("nightly", "default", Map.of(), "7f1c", 1L, "3", TICK),
                new CronTriggerSpec("report", null, "*/5 * * * *", null, payload, contentType, null, null, null));
    }

    private static String body(FunctionEvent event) {
        return new String(event.data(), StandardCharsets.UTF_8);
    }

    @Test
    void aJsonPayloadIsSentAsJsonWithTheTickAsIdAndTime() {
        FunctionEvent event = CronEvents.of(trigger(Map.of("report", "daily", "rows", List.of(1, 2)), null), TICK);

        assertThat(event.id()).isEqualTo("7f1c@2026-03-02T10:05:00Z");
        assertThat(event.time()).isEqualTo(TICK);
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(body(event)).contains("\"report\":\"daily\"", "\"rows\":[1,2]");
        assertThat(EventRequestHeaders.of(event)).containsEntry("event-namespace", "cron.nubo.dev")
                .containsEntry("ce-type", "dev.nubo.cron.tick").containsEntry("ce-source", "cron.nubo.dev")
                .containsEntry("ce-subject", "nightly").containsEntry("event-time", "2026-03-02T10:05:00Z")
                .containsEntry("Content-Type", "application/json");
    }

    @Test
    void aTextPayloadWithATextContentTypeIsSentAsItIs() {
        assertThat(body(CronEvents.of(trigger("plain words", "text/plain"), TICK))).isEqualTo("plain words");
        assertThat(body(CronEvents.of(trigger("a string", "application/json"), TICK))).as("JSON: a JSON string")
                .isEqualTo("\"a string\"");
        assertThat(body(CronEvents.of(trigger(42, "text/plain"), TICK))).isEqualTo("42");
        assertThat(body(CronEvents.of(trigger(Map.of("a", 1), "application/cloudevents+json"), TICK)))
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void noPayloadMeansNoBodyAndNoContentType() {
        FunctionEvent event = CronEvents.of(trigger(null, "application/json"), TICK);

        assertThat(event.data()).isEmpty();
        assertThat(event.contentType()).isNull();
        assertThat(EventRequestHeaders.of(event)).doesNotContainKey("Content-Type").doesNotContainKey("event-type");
    }
}
