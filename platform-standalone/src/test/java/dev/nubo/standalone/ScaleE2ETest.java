package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * More replicas than the virtual-thread scheduler has carriers (256): the platform must not spend a thread per
 * replica waiting on its output, so the API keeps answering while they start and run, and a stop ends them all in
 * one grace period.
 */
class ScaleE2ETest {

    private static final int FUNCTIONS = 20;
    private static final int REPLICAS_EACH = 16;
    /** "Promptly": far above what a busy 2-core machine needs, far below the minutes a starved API took. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.start(Map.of("nubo.functions.max-replicas", Integer.toString(REPLICAS_EACH)));
    }

    @AfterAll
    static void stop() {
        if (platform != null && platform.context.isActive()) {
            platform.context.close();
        }
    }

    @Test
    void theApiAnswersPromptlyWithMoreReplicasThanCarriersAndAStopEndsThemAll() throws Exception {
        List<String> names = IntStream.range(0, FUNCTIONS).mapToObj(i -> "many-" + i).toList();
        for (String name : names) {
            String document = Http.json(Map.of("metadata", Map.of("name", name), "spec", Map.of(
                    "runtime", "python3.11", "handler", "main.handler",
                    "source", Map.of("inline", "def handler(event, context):\n    return 'hi'\n"),
                    "scaling", Map.of("minReplicas", REPLICAS_EACH, "maxReplicas", REPLICAS_EACH))));
            assertThat(platform.create("default", document).status()).isEqualTo(201);
        }

        // while they start, every read is answered promptly (a timeout fails the test at once)
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> names.stream()
                .allMatch(name -> readyReplicas(promptGet(name)) == REPLICAS_EACH));
        List<Long> replicas = replicaPids();
        assertThat(replicas).hasSizeGreaterThanOrEqualTo(FUNCTIONS * REPLICAS_EACH);

        // and while they run
        for (String name : names) {
            assertThat(promptGet(name).path("status").path("phase").asString()).isEqualTo("Ready");
        }
        assertThat(platform.call("GET", "/default/many-7", null, null).body()).isEqualTo("hi");

        platform.context.close();

        assertThat(replicas).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        try (var left = Files.list(platform.dataDir.resolve("run"))) {
            assertThat(left).isEmpty();
        }
    }

    /** GET of one function that must answer within {@link #PROMPT}. */
    private static JsonNode promptGet(String name) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.api("/api/v1/namespaces/default/functions/"
                + name))).timeout(PROMPT).header("Authorization", "Bearer " + Platform.TOKEN).GET().build();
        try {
            HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return Http.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("GET " + name + " was not answered within " + PROMPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int readyReplicas(JsonNode function) {
        return function.path("status").path("replicas").path("ready").asInt();
    }

    /** The platform's live children, from their run records. */
    private static List<Long> replicaPids() throws IOException {
        Path run = platform.dataDir.resolve("run");
        try (var records = Files.list(run)) {
            return records.map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }
}
