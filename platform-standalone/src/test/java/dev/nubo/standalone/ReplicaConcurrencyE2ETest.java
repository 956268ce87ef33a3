package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;

/**
 * A replica is never sent more calls at once than its function's {@code scaling.containerConcurrency} (default 100):
 * the gateway holds the rest and sends them as places free, so a burst larger than a Python replica's threads can
 * serve is answered in full instead of failing.
 */
class ReplicaConcurrencyE2ETest {

    /** Counts the calls it serves at once (and the most ever); {@code /release} lets every waiting call answer. */
    private static final String LATCHED = """
            import threading
            lock = threading.Lock()
            released = threading.Event()
            state = {"now": 0, "peak": 0}

            def handler(event, context):
                path = event["extensions"]["request"].path
                if path == "/release":
                    released.set()
                    return "released"
                if path == "/count":
                    return "%d %d" % (state["now"], state["peak"])
                with lock:
                    state["now"] += 1
                    state["peak"] = max(state["peak"], state["now"])
                try:
                    if path == "/wait":
                        released.wait(120)
                    else:
                        released.wait(float(path[1:]))
                    return "peak %d" % state["peak"]
                finally:
                    with lock:
                        state["now"] -= 1
            """;

    private final Platform nubo = Platform.shared();

    private void create(String name, Map<String, Object> scaling) {
        Http.Response created = nubo.create("default", Http.json(Map.of("metadata", Map.of("name", name),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler",
                        "source", Map.of("inline", LATCHED), "scaling", scaling))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        nubo.awaitReady("default", name);
    }

    private FunctionRoute route(String name) {
        return nubo.context.getBean(FunctionEndpoints.class).route("default", name).orElseThrow();
    }

    /** Straight to the replica, past the gateway and its cap: how the test looks inside and lets calls go. */
    private static String direct(Endpoint replica, String path) {
        return Http.send("GET", replica.uri() + path, null, null).body();
    }

    private static List<CompletableFuture<HttpResponse<String>>> callAtOnce(String url, int calls) {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(Http.client().sendAsync(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return answers;
    }

    @Test
    void aReplicaGetsExactlyItsCapAtOnceAndTheHeldCallsAllAnswerWhenItFrees() {
        create("cap-latch", Map.of("minReplicas", 1, "maxReplicas", 1, "containerConcurrency", 4));
        Endpoint replica = route("cap-latch").endpoints().getFirst();

        List<CompletableFuture<HttpResponse<String>>> answers = callAtOnce(nubo.gateway("/default/cap-latch/wait"), 10);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(direct(replica, "/count")).as("calls in the replica now, most at once").isEqualTo("4 4");
            assertThat(route("cap-latch").load().slots().waiting()).as("held by the gateway").isEqualTo(6);
        });
        assertThat(route("cap-latch").load().inFlight()).as("held calls count as load").isEqualTo(10);

        assertThat(direct(replica, "/release")).isEqualTo("released");

        assertThat(answers).allSatisfy(answer -> {
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("peak 4");
        });
    }

    @Test
    void aPythonFunctionAnswersEveryOneOf300CallersAtOnce() {
        // one replica (no autoscaling to hide behind); each call waits 1.5 s, so the burst is really concurrent:
        // without the cap every call reached the replica at once and it ran out of threads (502s)
        create("cap-burst", Map.of("minReplicas", 1, "maxReplicas", 1));

        List<CompletableFuture<HttpResponse<String>>> answers = callAtOnce(nubo.gateway("/default/cap-burst/1.5"),
                300);

        List<Integer> peaks = new ArrayList<>();
        assertThat(answers).allSatisfy(answer -> {
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            peaks.add(Integer.parseInt(response.body().substring("peak ".length())));
        });
        assertThat(peaks).as("the platform's default cap: 100 calls in the replica at once").allMatch(p -> p <= 100);
    }
}
