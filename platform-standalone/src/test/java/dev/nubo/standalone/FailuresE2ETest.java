package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Failures show in status with a reason, recover when they can, and never harm another function. */
class FailuresE2ETest {

    private final Platform nubo = Platform.shared();

    @Test
    void aFailedDependencyInstallShowsInStatusWithThePackageManagersError() {
        nubo.create("default", Functions.document("bad-deps", "python3.11", "main.handler",
                Map.of("inline", "def handler(e, c):\n    return 1\n"), "--no-index\nno-such-package==9.9\n", Map.of(),
                null));

        JsonNode failed = nubo.awaitPhase("default", "bad-deps", "Failed");

        JsonNode build = condition(failed, "BuildSucceeded");
        assertThat(build.path("status").asString()).isEqualTo("False");
        assertThat(build.path("reason").asString()).isEqualTo("DependencyInstallFailed");
        assertThat(build.path("message").asString()).contains("no-such-package");
        Http.Response call = nubo.call("GET", "/default/bad-deps", null, null);
        assertThat(call.status()).isEqualTo(503);
        assertThat(call.code()).isEqualTo("FUNCTION_NOT_READY");
        assertThat(nubo.apiCall("POST", "/api/v1/namespaces/default/functions/bad-deps/invoke", "text/plain", "x")
                .code()).isEqualTo("FUNCTION_NOT_READY");
    }

    @Test
    void aSourceDownloadThatFailedIsTriedAgainAndTheFunctionComesUp() throws Exception {
        byte[] code = "def handler(e, c):\n    return 'downloaded'\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/main.py", exchange -> {
            boolean first = requests.incrementAndGet() == 1; // the download host is down the first time
            exchange.sendResponseHeaders(first ? 503 : 200, first ? -1 : code.length);
            if (!first) {
                exchange.getResponseBody().write(code);
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/main.py";
            nubo.create("default", Functions.document("flaky-url", "python3.11", "main.handler",
                    Map.of("url", url, "sha256", dev.nubo.core.source.Checksums.sha256(code)), null, Map.of(), null));

            JsonNode failed = nubo.awaitPhase("default", "flaky-url", "Failed");
            assertThat(condition(failed, "BuildSucceeded").path("reason").asString()).isEqualTo("SourceFetchFailed");
            assertThat(condition(failed, "BuildSucceeded").path("message").asString()).contains("503", "trying again");

            nubo.awaitReady("default", "flaky-url");
            assertThat(nubo.call("GET", "/default/flaky-url", null, null).body()).isEqualTo("downloaded");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUpdateThatFailsToBuildKeepsThePreviousVersionAnswering() {
        nubo.create("default", Functions.python("keeps-old", "def handler(e, c):\n    return 'v1'\n"));
        nubo.awaitReady("default", "keeps-old");

        Http.Response put = nubo.apiCall("PUT", "/api/v1/namespaces/default/functions/keeps-old", "application/json",
                Functions.document("keeps-old", "python3.11", "main.handler",
                        Map.of("inline", "def handler(e, c):\n    return 'v2'\n"), "--no-index\nmissing-dep==1\n",
                        Map.of(), null));
        assertThat(put.status()).isEqualTo(200);
        JsonNode failed = nubo.awaitPhase("default", "keeps-old", "Failed");

        assertThat(condition(failed, "Ready").path("status").asString()).isEqualTo("True");
        assertThat(condition(failed, "Ready").path("message").asString()).contains("previous generation");
        assertThat(nubo.call("GET", "/default/keeps-old", null, null).body()).isEqualTo("v1");
    }

    @Test
    void aCrashedReplicaIsRestartedAndTheCrashShowsInTheLog() {
        nubo.create("default", Functions.python("crashy", """
                import os
                def handler(event, context):
                    if event["data"] == "die":
                        os._exit(3)
                    return "alive"
                """));
        nubo.awaitReady("default", "crashy");

        nubo.call("POST", "/default/crashy", "text/plain", "die");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(nubo.call("POST", "/default/crashy", "text/plain", "ping").body()).isEqualTo("alive"));
        assertThat(nubo.apiCall("GET", "/api/v1/namespaces/default/functions/crashy/logs?tailLines=100", null, null)
                .body()).contains("[nubo] replica exited with code 3");
    }

    @Test
    void aReplicaThatStopsAnsweringItsHealthProbeIsKilledAndTheStatusSaysThePlatformDidIt() {
        nubo.create("default", Functions.python("frozen", """
                import ctypes
                def handler(event, context):
                    if event["data"] == "freeze":
                        # libc's sleep called while holding the GIL: the whole server stops, /healthz included,
                        # yet the process lives and stays far below its memory limit
                        ctypes.PyDLL(None).sleep(3600)
                    return "alive"
                """));
        nubo.awaitReady("default", "frozen");

        CompletableFuture<Http.Response> frozen = CompletableFuture.supplyAsync(
                () -> nubo.call("POST", "/default/frozen", "text/plain", "freeze"));

        JsonNode ready = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(
                () -> condition(nubo.get("default", "frozen").json(), "Ready"),
                condition -> condition.path("reason").asString().equals("ReplicaUnhealthy"));
        assertThat(ready.path("status").asString()).isEqualTo("False");
        assertThat(ready.path("message").asString()).contains("health probes in a row", "no answer to /healthz",
                "the platform killed it");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(nubo.call("POST", "/default/frozen", "text/plain", "ping").body()).isEqualTo("alive"));
        assertThat(nubo.apiCall("GET", "/api/v1/namespaces/default/functions/frozen/logs?tailLines=100", null, null)
                .body()).contains("health probes in a row").doesNotContain("exited with code");
        frozen.cancel(true);
        nubo.delete("default", "frozen");
    }

    @Test
    void codeThatFailsToLoadShowsItsErrorInStatus() {
        nubo.create("default", Functions.python("broken-import", "raise ValueError('broken at import')\n"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode function = nubo.get("default", "broken-import").json();
            JsonNode ready = condition(function, "Ready");
            assertThat(ready.path("status").asString()).isEqualTo("False");
            assertThat(ready.path("message").asString()).contains("broken at import");
        });
        JsonNode failed = nubo.awaitPhase("default", "broken-import", "Failed");
        assertThat(condition(failed, "BuildSucceeded").path("status").asString()).isEqualTo("True");
    }

    @Test
    void aCallPastTheTimeoutAnswers408AndTheNextCallWorks() {
        nubo.create("default", Functions.document("slow", "python3.11", "main.handler", Map.of("inline", """
                import time
                def handler(event, context):
                    if event["data"] == "slow":
                        time.sleep(5)
                    return "fast"
                """), null, Map.of(), 1));
        nubo.awaitReady("default", "slow");

        long start = System.nanoTime();
        Http.Response slow = nubo.call("POST", "/default/slow", "text/plain", "slow");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(slow.status()).isEqualTo(408);
        assertThat(millis).isLessThan(4000);
        assertThat(nubo.call("POST", "/default/slow", "text/plain", "quick").body()).isEqualTo("fast");
    }

    @Test
    void oneFunctionCrashingNeverHarmsAnother() throws Exception {
        nubo.create("default", Functions.python("steady", "def handler(e, c):\n    return 'steady'\n"));
        nubo.create("default", Functions.python("unstable", "import os\ndef handler(e, c):\n    os._exit(1)\n"));
        nubo.awaitReady("default", "steady");
        nubo.awaitReady("default", "unstable");
        List<String> steadyFailures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread calls = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                Http.Response r = nubo.call("GET", "/default/steady", null, null);
                if (r.status() != 200 || !r.body().equals("steady")) {
                    steadyFailures.add(r.status() + " " + r.body());
                }
            }
        });

        for (int i = 0; i < 3; i++) {
            nubo.call("GET", "/default/unstable", null, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> "Ready".equals(
                    nubo.get("default", "unstable").json().path("status").path("phase").asString()));
        }
        running.set(false);
        calls.join();

        assertThat(steadyFailures).isEmpty();
    }

    static JsonNode condition(JsonNode function, String type) {
        for (JsonNode condition : function.path("status").path("conditions")) {
            if (condition.path("type").asString().equals(type)) {
                return condition;
            }
        }
        throw new AssertionError("no condition " + type + " in " + function.path("status"));
    }
}
