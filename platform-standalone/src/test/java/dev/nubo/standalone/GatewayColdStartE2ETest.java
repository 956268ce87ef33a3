package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A call through the gateway to a function scaled to zero is held while a replica comes up, never failed, and its
 * answer says where the time went: Server-Timing queue, then specialize (a warm pool server) or start (a process),
 * then first-byte.
 */
class GatewayColdStartE2ETest {

    private final Platform nubo = Platform.shared();

    private void createAsleep(String name, Map<String, Object> resources) {
        Map<String, Object> spec = new LinkedHashMap<>(Map.of("runtime", "python3.11", "handler", "main.handler",
                "source", Map.of("inline", """
                        def handler(event, context):
                            return "awake " + event["extensions"]["request"].path
                        """), "scaling", Map.of("minReplicas", 0, "maxReplicas", 1, "idleSeconds", 2)));
        if (resources != null) {
            spec.put("resources", resources);
        }
        Http.Response created = nubo.create("default", Http.json(Map.of("metadata", Map.of("name", name),
                "spec", spec)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        nubo.awaitPhase("default", name, "ScaledToZero", Duration.ofSeconds(90));
    }

    /** Server-Timing metric name → duration (ms). */
    static Map<String, Double> phases(Http.Response response) {
        Map<String, Double> phases = new LinkedHashMap<>();
        for (String metric : response.header("Server-Timing").split(",")) {
            String[] parts = metric.strip().split(";dur=");
            phases.put(parts[0], Double.parseDouble(parts[1]));
        }
        return phases;
    }

    @Test
    void aGatewayCallWakesAFunctionScaledToZeroAndSaysWhereTheTimeWent() {
        createAsleep("gw-sleepy", null);

        Http.Response woken = nubo.call("GET", "/default/gw-sleepy/first", null, null);

        assertThat(woken.status()).as(woken.body()).isEqualTo(200);
        assertThat(woken.body()).isEqualTo("awake /first");
        assertThat(woken.header("Nubo-Cold-Start")).isEqualTo("true");
        Map<String, Double> cold = phases(woken);
        assertThat(cold).as("a warm pool server took the function").containsOnlyKeys("queue", "specialize",
                "first-byte");
        assertThat(cold.values()).allMatch(ms -> ms > 0);
        assertThat(cold.get("specialize")).as("specialized while the call was held").isLessThanOrEqualTo(
                cold.get("queue"));

        Http.Response warm = nubo.call("GET", "/default/gw-sleepy/second", null, null);
        assertThat(warm.status()).isEqualTo(200);
        assertThat(warm.header("Nubo-Cold-Start")).isEqualTo("false");
        Map<String, Double> warmPhases = phases(warm);
        assertThat(warmPhases).containsOnlyKeys("queue", "first-byte");
        assertThat(warmPhases.get("queue")).isZero();
        assertThat(warmPhases.get("first-byte")).isPositive();
        // Prometheus counts the cold start and its wait per function
        String scrape = Http.send("GET", nubo.api("/actuator/prometheus"), null, null).body();
        String labels = "{function=\"gw-sleepy\",namespace=\"default\"}";
        assertThat(scrape).contains("nubo_function_cold_starts_total" + labels + " 1.0",
                "nubo_function_cold_start_duration_seconds_count" + labels + " 1",
                "nubo_function_duration_seconds_count" + labels + " 2");
    }

    @Test
    void aCallMadeAsSoonAsTheCreateReturnsIsHeldUntilTheFirstReplicaAnswers() {
        Http.Response created = nubo.create("default", Http.json(Map.of("metadata", Map.of("name", "gw-fresh"),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", """
                        def handler(event, context):
                            return "fresh"
                        """)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Http.Response first = nubo.call("GET", "/default/gw-fresh", null, null);

        assertThat(first.status()).as("never 404 while the function deploys: " + first.body()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("fresh");
        // held while the replica came up, or (a fast deploy) already served by it: either way answered
        assertThat(first.header("Nubo-Cold-Start")).isIn("true", "false");
        assertThat(phases(first)).containsKeys("queue", "first-byte");
    }

    @Test
    void aFunctionThePoolCannotServeSaysItsProcessStarted() {
        createAsleep("gw-sleepy-cpu", Map.of("cpu", "1000m")); // a CPU limit is joined at start: no pool server

        Http.Response woken = nubo.call("GET", "/default/gw-sleepy-cpu/x", null, null);

        assertThat(woken.status()).as(woken.body()).isEqualTo(200);
        Map<String, Double> cold = phases(woken);
        assertThat(cold).containsOnlyKeys("queue", "start", "first-byte");
        assertThat(cold.get("start")).isPositive().isLessThanOrEqualTo(cold.get("queue"));
    }
}
