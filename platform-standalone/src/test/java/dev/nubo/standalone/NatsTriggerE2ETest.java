package dev.nubo.standalone;

import static dev.nubo.standalone.KafkaFixture.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import tools.jackson.databind.JsonNode;

/**
 * The second event source of the SPI: a NatsTrigger consuming a JetStream subject of the NATS server on this machine
 * (127.0.0.1:4222), with the same retries, dead letters and acknowledgements as Kafka.
 */
class NatsTriggerE2ETest {

    private final Platform nubo = Platform.shared();

    @Test
    void messagesAreDeliveredAtLeastOnceRetriedAndDeadLetteredWithTheirHistory() throws Exception {
        String run = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        String subject = run + ".orders";
        String trigger = "nats-" + run;
        KafkaFixture.assertCreated(nubo.create("default", Functions.python("nats-recorder-" + run,
                KafkaFixture.RECORDER)));
        nubo.awaitReady("default", "nats-recorder-" + run);
        KafkaFixture.assertCreated(nubo.apiCall("POST", "/api/v1/namespaces/default/natstriggers", "application/json",
                "{\"apiVersion\": \"nubo.dev/v1\", \"kind\": \"NatsTrigger\", \"metadata\": {\"name\": \"" + trigger
                        + "\"}, \"spec\": {\"subject\": \"" + subject + "\", \"function\": \"nats-recorder-" + run
                        + "\", \"maxRetries\": 1, \"retryBackoff\": {\"initialMillis\": 50}}}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status(trigger).path("conditions")
                .path(0).path("reason").asString()).isEqualTo("Active"));
        assertThat(status(trigger).path("conditions").path(0).path("message").asString())
                .contains("dead letters to " + subject + ".dlq (stream nubo-default-" + trigger + "-dlq)");

        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            Subscription deadLetters = nats.subscribe(subject + ".dlq");
            nats.flush(Duration.ofSeconds(5));
            JetStream js = nats.jetStream();
            for (int n = 0; n < 20; n++) {
                js.publish(subject, ("{\"n\": " + n + ", \"failTimes\": " + (n == 3 ? 1 : 0) + ", \"poison\": "
                        + (n == 7) + "}").getBytes(StandardCharsets.UTF_8));
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(succeeded("nats-recorder-" + run))
                    .hasSize(19).doesNotContain(7));
            List<JsonNode> calls = printed(nubo.dataDir, "nats-recorder-" + run, "got");
            assertThat(calls.stream().filter(c -> c.path("n").asInt() == 3).map(c -> c.path("attempt").asInt()))
                    .containsExactly(1, 2);
            assertThat(calls.getFirst().path("id").asString()).isEqualTo("nubo-default-" + trigger + "-1");
            assertThat(calls.getFirst().path("source").asString()).isEqualTo("nats.nubo.dev");
            assertThat(calls.getFirst().path("type").asString()).isEqualTo("application/json");

            Message dead = deadLetters.nextMessage(Duration.ofSeconds(30));
            assertThat(dead).as("a dead letter for message 7").isNotNull();
            assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).contains("\"n\": 7");
            assertThat(dead.getHeaders().getFirst("Nubo-Attempts")).isEqualTo("2");
            assertThat(dead.getHeaders().getFirst("Nubo-Status-Code")).isEqualTo("500");
            assertThat(dead.getHeaders().getFirst("Nubo-Error")).contains("poison record 7");
            assertThat(dead.getHeaders().getFirst("Nubo-Original-Sequence")).isEqualTo("8");
            // kept, not only published: a stream of the trigger's own holds it for whoever reads it later
            MessageInfo kept = nats.jetStreamManagement().getLastMessage("nubo-default-" + trigger + "-dlq",
                    subject + ".dlq");
            assertThat(new String(kept.getData(), StandardCharsets.UTF_8)).contains("\"n\": 7");
            assertThat(kept.getHeaders().getFirst("Nubo-Attempts")).isEqualTo("2");
            nats.jetStreamManagement().deleteStream("nubo-default-" + trigger + "-dlq");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode status = status(trigger);
            assertThat(status.path("counts").path("deadLettered").asLong()).isEqualTo(1);
            assertThat(status.path("partitions").path(0).path("lag").asLong()).as("every message acknowledged")
                    .isZero();
        });
    }

    private JsonNode status(String trigger) {
        Http.Response response = nubo.apiCall("GET", "/api/v1/namespaces/default/natstriggers/" + trigger, null, null);
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("status");
    }

    private Set<Integer> succeeded(String function) {
        return printed(nubo.dataDir, function, "got").stream()
                .filter(c -> c.path("n").asInt() != 7 && c.path("attempt").asInt() > (c.path("n").asInt() == 3 ? 1 : 0))
                .map(c -> c.path("n").asInt()).collect(Collectors.toSet());
    }
}
