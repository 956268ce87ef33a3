package dev.nubo.runtimes.conformance;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.assertj.core.api.SoftAssertions;

/** The event fields from Kubeless and CloudEvents headers (or their defaults), and the context fields. */
final class EventChecks extends CheckGroup {

    private static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    EventChecks(RuntimeUnderTest runtime) {
        super(runtime);
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("fills event-id, -type, -time, -namespace from event-* headers (any case)",
                        this::fromKubelessHeaders),
                new Check("fills the event fields from CloudEvents ce-id, ce-type, ce-time, ce-source",
                        this::fromCloudEventsHeaders),
                new Check("prefers event-* headers over ce-* headers", this::kubelessWins),
                new Check("without headers: generated UUID event-id, arrival event-time (UTC), event-type from "
                        + "Content-Type, empty namespace", this::defaults),
                new Check("fills context function-name, timeout, runtime, memory-limit from its environment",
                        this::context));
    }

    private void fromKubelessHeaders() {
        Reply reply = client().get("/describe", "event-id", "kubeless-1", "Event-Type", "com.example.kubeless",
                "EVENT-TIME", "2024-05-06T07:08:09Z", "event-namespace", "ns.example");
        assertEvent(reply, "kubeless-1", "com.example.kubeless", "2024-05-06T07:08:09Z", "ns.example");
    }

    private void fromCloudEventsHeaders() {
        Reply reply = client().get("/describe", "ce-specversion", "1.0", "ce-id", "ce-1", "ce-type", "com.example.ce",
                "Ce-Time", "2024-01-02T03:04:05Z", "ce-source", "/sources/ce");
        assertEvent(reply, "ce-1", "com.example.ce", "2024-01-02T03:04:05Z", "/sources/ce");
    }

    private void kubelessWins() {
        Reply reply = client().get("/describe",
                "ce-specversion", "1.0", "ce-id", "ce-1", "ce-type", "com.example.ce",
                "ce-time", "2024-01-02T03:04:05Z", "ce-source", "/sources/ce",
                "event-id", "kubeless-1", "event-type", "com.example.kubeless",
                "event-time", "2024-05-06T07:08:09Z", "event-namespace", "ns.example");
        assertEvent(reply, "kubeless-1", "com.example.kubeless", "2024-05-06T07:08:09Z", "ns.example");
    }

    private void defaults() {
        Instant before = Instant.now().minusSeconds(2);
        Reply first = assertStatus(client().get("/describe"), 200);
        Reply second = assertStatus(client().get("/describe"), 200);
        Instant after = Instant.now().plusSeconds(2);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(first.field("eventId")).as("generated event-id").matches(UUID);
        soft.assertThat(second.field("eventId")).as("event-id of a second call").isNotEqualTo(first.field("eventId"));
        assertArrivalTime(soft, first.field("eventTime"), before, after);
        soft.assertThat(first.field("eventType")).as("event-type without Content-Type").isEmpty();
        soft.assertThat(first.field("eventNamespace")).as("event-namespace without headers").isEmpty();
        Reply typed = assertStatus(client().post("/describe", "text/plain", "x"), 200);
        soft.assertThat(typed.field("eventType")).as("event-type of a text/plain request").isEqualTo("text/plain");
        soft.assertAll();
    }

    private static void assertArrivalTime(SoftAssertions soft, String eventTime, Instant before, Instant after) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(eventTime);
            soft.assertThat(time.getOffset()).as("offset of event-time %s", eventTime).isEqualTo(ZoneOffset.UTC);
            soft.assertThat(time.toInstant()).as("event-time %s is the arrival time", eventTime)
                    .isBetween(before, after);
        } catch (DateTimeParseException e) {
            soft.fail("event-time '%s' is not RFC 3339: %s", eventTime, e.getMessage());
        }
    }

    private void context() {
        Reply reply = assertStatus(client().get("/describe"), 200);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(reply.field("functionName")).as("function-name").isEqualTo(RuntimeUnderTest.FUNCTION_NAME);
        soft.assertThat(reply.field("timeout")).as("timeout")
                .isEqualTo(Integer.toString(RuntimeUnderTest.TIMEOUT_SECONDS));
        soft.assertThat(reply.field("runtime")).as("runtime").isEqualTo(runtime.id());
        soft.assertThat(reply.field("memoryLimit")).as("memory-limit").isEqualTo(RuntimeUnderTest.MEMORY_LIMIT);
        soft.assertAll();
    }

    private static void assertEvent(Reply reply, String id, String type, String time, String namespace) {
        assertStatus(reply, 200);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(reply.field("eventId")).as("event-id").isEqualTo(id);
        soft.assertThat(reply.field("eventType")).as("event-type").isEqualTo(type);
        soft.assertThat(reply.field("eventTime")).as("event-time").isEqualTo(time);
        soft.assertThat(reply.field("eventNamespace")).as("event-namespace").isEqualTo(namespace);
        soft.assertAll();
    }
}
