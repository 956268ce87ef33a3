package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import dev.nubo.controller.pool.WarmPool;
import tools.jackson.databind.JsonNode;

/**
 * The warm pool (on by default): a function woken from zero is a pool server specialized with it; it answers, its
 * output reaches the function's log, it sees the environment and sandbox a replica started for it sees, and the
 * pool refills.
 */
class WarmPoolE2ETest {

    private final Platform platform = Platform.shared();

    /** Prints the marker it is sent three ways, and answers what it sees of the world. */
    private static final String INSPECTOR = """
            import hashlib, os, socket, subprocess, sys
            def handler(event, context):
                marker, port = event["data"]["marker"], event["data"]["apiPort"]
                print("stdout " + marker)
                print("stderr " + marker, file=sys.stderr)
                subprocess.run(["sh", "-c", 'echo "child $1"', "sh", marker], check=True)
                try:
                    with open(os.path.join(os.environ["KUBELESS_INSTALL_VOLUME"], "main.py"), "a"):
                        code_writable = True
                except OSError:
                    code_writable = False
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=2).close()
                    api_reachable = True
                except OSError:
                    api_reachable = False
                return {"uid": os.getuid(), "gid": os.getgid(), "greeting": os.environ.get("GREETING"),
                        "secret": hashlib.sha256(os.environ.get("API_KEY", "").encode()).hexdigest(),
                        "env": sorted(os.environ), "root": sorted(os.listdir("/")), "codeWritable": code_writable,
                        "apiReachable": api_reachable, "cwdIsCode": os.getcwd() == os.environ["KUBELESS_INSTALL_VOLUME"]}
            """;

    private static String function(String name, int minReplicas, Map<String, Object> resources) {
        Map<String, Object> spec = new LinkedHashMap<>(Map.of(
                "runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", INSPECTOR),
                "env", Map.of("GREETING", "hi"),
                "secrets", List.of(Map.of("name", "pool-key", "env", Map.of("API_KEY", "key"))),
                "scaling", Map.of("minReplicas", minReplicas, "maxReplicas", 1, "idleSeconds", 1)));
        if (resources != null) {
            spec.put("resources", resources);
        }
        return Http.json(Map.of("metadata", Map.of("name", name), "spec", spec));
    }

    private Http.Response inspect(String name, String marker) {
        // the API's invoke holds a call while a function scaled to zero wakes (as ScaleToZeroE2ETest)
        return platform.apiCall("POST", "/api/v1/namespaces/default/functions/" + name + "/invoke",
                "application/json", Http.json(Map.of("marker", marker, "apiPort", apiPort())));
    }

    private int apiPort() {
        return Integer.parseInt(platform.api("").replaceAll(".*:(\\d+).*", "$1"));
    }

    private String logs(String name) {
        return platform.apiCall("GET", "/api/v1/namespaces/default/functions/" + name + "/logs?tailLines=500", null,
                null).body();
    }

    /** The pooled languages besides Python (the other tests): the interpreted ones and Java (runtime.json poolStart). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> pooledLanguages() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("java21", "Pooled.handler", """
                        package io.kubeless;

                        public class Pooled {
                            public String handler(io.kubeless.Event event, io.kubeless.Context context) {
                                System.out.println("stdout " + event.Data);
                                System.err.println("stderr " + event.Data);
                                return "woke";
                            }
                        }
                        """),
                org.junit.jupiter.params.provider.Arguments.of("nodejs20", "main.handler", """
                        module.exports = { handler: (event) => {
                          console.log('stdout ' + event.data);
                          console.error('stderr ' + event.data);
                          return 'woke';
                        } };
                        """),
                org.junit.jupiter.params.provider.Arguments.of("ruby3.1", "main.handler", """
                        def handler(event, context)
                          puts "stdout #{event[:data]}"
                          warn "stderr #{event[:data]}"
                          'woke'
                        end
                        """),
                org.junit.jupiter.params.provider.Arguments.of("php8.2", "main.handler", """
                        <?php
                        function handler($event, $context) {
                            echo "stdout {$event->data}\n";
                            fwrite(STDERR, "stderr {$event->data}\n");
                            return 'woke';
                        }
                        """));
    }

    /** Every pooled language, confined (its own uid, output files that belong to the platform), wakes from the pool. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("pooledLanguages")
    void everyPooledLanguageWakesFromThePoolAndLogsToTheFunctionsLog(String runtime, String handler, String code) {
        String name = "pooled-" + runtime.replaceAll("[^a-z0-9]", "");
        assertThat(platform.create("default", Http.json(Map.of("metadata", Map.of("name", name), "spec", Map.of(
                "runtime", runtime, "handler", handler, "source", Map.of("inline", code),
                "scaling", Map.of("minReplicas", 0, "maxReplicas", 1, "idleSeconds", 1))))).status()).isEqualTo(201);
        platform.awaitPhase("default", name, "ScaledToZero", Duration.ofSeconds(60));
        // the deploy's first replica may have taken the pool's server; its replacement (a JVM for Java) takes a while
        WarmPool pool = platform.context.getBean(WarmPool.class);
        await("a pool server of " + runtime).atMost(Duration.ofSeconds(60))
                .until(() -> pool.sizes().getOrDefault(runtime, 0) >= 1);
        String marker = "marker-" + UUID.randomUUID();

        Http.Response woken = platform.apiCall("POST", "/api/v1/namespaces/default/functions/" + name + "/invoke",
                "text/plain", marker);

        assertThat(woken.status()).as(woken.body()).isEqualTo(200);
        assertThat(woken.body()).isEqualTo("woke");
        await("the function's output in its log").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(logs(name)).contains("stdout " + marker, "stderr " + marker)
                        .containsPattern("a warm pool server specialized in \\d+ ms"));
        platform.delete("default", name);
    }

    @Test
    void aFunctionWokenFromZeroIsAPoolServerConfinedLikeAReplicaAndThePoolRefills() {
        String key = "key-" + UUID.randomUUID();
        assertThat(platform.apiCall("POST", "/api/v1/namespaces/default/secrets", "application/json",
                Http.json(Map.of("metadata", Map.of("name", "pool-key"), "data", Map.of("key", key)))).status())
                .isEqualTo(201);
        WarmPool pool = platform.context.getBean(WarmPool.class);
        await("a python pool server").atMost(Duration.ofSeconds(60))
                .until(() -> pool.sizes().getOrDefault("python3.11", 0) >= 1);

        // a replica started for its function: a CPU limit keeps a function out of the pool
        assertThat(platform.create("default", function("started", 1, Map.of("cpu", "1000m"))).status())
                .isEqualTo(201);
        assertThat(platform.create("default", function("pooled", 0, null)).status()).isEqualTo(201);
        platform.awaitReady("default", "started");
        platform.awaitPhase("default", "pooled", "ScaledToZero", Duration.ofSeconds(60));
        await("the pool refilled after the deploy").atMost(Duration.ofSeconds(60))
                .until(() -> pool.sizes().getOrDefault("python3.11", 0) >= 1);

        String marker = "marker-" + UUID.randomUUID();
        Http.Response woken = inspect("pooled", marker);

        assertThat(woken.status()).as(woken.body()).isEqualTo(200);
        assertThat(woken.header("Nubo-Cold-Start")).isEqualTo("true");
        assertThat(logs("pooled")).as("the wake came from the pool").containsPattern(
                "a warm pool server specialized in \\d+ ms");
        await("the function's output in its log").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(logs("pooled")).contains("stdout " + marker, "stderr " + marker, "child " + marker)
                        .containsPattern("POST / 200 \\d+(\\.\\d+)?ms"));
        assertThat(logs("started")).doesNotContain(marker);

        JsonNode fromPool = woken.json();
        JsonNode fromStart = inspect("started", "other-" + UUID.randomUUID()).json();
        assertThat(fromPool.path("greeting").asString()).isEqualTo("hi");
        assertThat(fromPool.path("secret").asString()).isEqualTo(dev.nubo.core.source.Checksums.sha256(key));
        assertThat(fromPool.path("env")).extracting(JsonNode::asString).doesNotContain("NUBO_SPECIALIZE_TOKEN");
        for (String field : List.of("uid", "gid", "greeting", "secret", "env", "root", "codeWritable", "apiReachable",
                "cwdIsCode")) {
            assertThat(fromPool.path(field)).as("%s of a pooled replica vs a started one", field)
                    .isEqualTo(fromStart.path(field));
        }
        assertThat(fromPool.path("codeWritable").asBoolean()).as("the code is read-only").isFalse();

        await("the pool refilled after the wake").atMost(Duration.ofSeconds(60))
                .until(() -> pool.sizes().getOrDefault("python3.11", 0) >= 1);
        platform.delete("default", "pooled");
        platform.delete("default", "started");
        platform.apiCall("DELETE", "/api/v1/namespaces/default/secrets/pool-key", null, null);
    }
}
