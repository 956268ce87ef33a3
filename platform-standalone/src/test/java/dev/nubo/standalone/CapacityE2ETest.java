package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The platform-wide replica cap: over it nothing crashes, and the functions that wait say why. */
class CapacityE2ETest {

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.start(Map.of("nubo.controller.max-running-replicas", "2",
                "nubo.functions.max-replicas", "3"));
    }

    @AfterAll
    static void stop() {
        platform.context.close();
    }

    private static String function(String name, int replicas) {
        return Http.json(Map.of("metadata", Map.of("name", name), "spec", Map.of(
                "runtime", "python3.11", "handler", "main.handler",
                "source", Map.of("inline", "def handler(event, context):\n    return '" + name + "'\n"),
                "scaling", Map.of("minReplicas", replicas, "maxReplicas", replicas))));
    }

    @Test
    void functionsOverTheReplicaCapWaitAndSaySoUntilCapacityFrees() {
        assertThat(platform.create("default", function("big", 3)).status()).isEqualTo(201);
        JsonNode big = platform.awaitReady("default", "big");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = platform.get("default", "big").json().path("status");
            assertThat(status.path("replicas").path("ready").asInt()).isEqualTo(2);
            assertThat(ready(status).path("message").asString()).contains("2/3 replicas ready")
                    .contains("nubo.controller.max-running-replicas");
        });
        assertThat(big.path("status").path("replicas").path("desired").asInt()).isEqualTo(3);

        assertThat(platform.create("default", function("small", 1)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = platform.get("default", "small").json().path("status");
            assertThat(status.path("phase").asString()).isEqualTo("Deploying");
            assertThat(ready(status).path("reason").asString()).isEqualTo("ReplicaLimitReached");
        });
        assertThat(platform.call("GET", "/default/big", null, null).body()).isEqualTo("big");

        assertThat(platform.delete("default", "big").status()).isEqualTo(200);

        platform.awaitReady("default", "small");
        assertThat(platform.call("GET", "/default/small", null, null).body()).isEqualTo("small");
    }

    private static JsonNode ready(JsonNode status) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asString().equals("Ready")) {
                return condition;
            }
        }
        throw new AssertionError("no Ready condition in " + status);
    }
}
