package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A call through the gateway to a function scaled to zero is held while a replica comes up, never failed. */
class GatewayColdStartE2ETest {

    private final Platform nubo = Platform.shared();

    @Test
    void aGatewayCallWakesAFunctionScaledToZeroAndSaysItWasCold() {
        Http.Response created = nubo.create("default", Http.json(Map.of("metadata", Map.of("name", "gw-sleepy"),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", """
                        def handler(event, context):
                            return "awake " + event["extensions"]["request"].path
                        """), "scaling", Map.of("minReplicas", 0, "maxReplicas", 1, "idleSeconds", 2)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        nubo.awaitPhase("default", "gw-sleepy", "ScaledToZero", Duration.ofSeconds(90));

        Http.Response woken = nubo.call("GET", "/default/gw-sleepy/first", null, null);

        assertThat(woken.status()).as(woken.body()).isEqualTo(200);
        assertThat(woken.body()).isEqualTo("awake /first");
        assertThat(woken.header("Nubo-Cold-Start")).isEqualTo("true");
        assertThat(woken.header("Server-Timing")).startsWith("queue;dur=");
        Http.Response warm = nubo.call("GET", "/default/gw-sleepy/second", null, null);
        assertThat(warm.status()).isEqualTo(200);
        assertThat(warm.header("Nubo-Cold-Start")).isEqualTo("false");
        // Prometheus counts the cold start and its wait per function
        String scrape = Http.send("GET", nubo.api("/actuator/prometheus"), null, null).body();
        String labels = "{function=\"gw-sleepy\",namespace=\"default\"}";
        assertThat(scrape).contains("nubo_function_cold_starts_total" + labels + " 1.0",
                "nubo_function_cold_start_duration_seconds_count" + labels + " 1",
                "nubo_function_duration_seconds_count" + labels + " 2");
    }
}
