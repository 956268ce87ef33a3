package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Deploy, call, update, read logs and delete Python functions through the real HTTP ports. */
class FunctionLifecycleE2ETest {

    private final Platform nubo = Platform.shared();

    @Test
    void deploysAnInlineFunctionThatAnswersThroughTheGatewayAndTheApi() {
        Http.Response created = nubo.create("default", Functions.python("hello-py", """
                def handler(event, context):
                    return "hello " + str(event["data"])
                """));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/namespaces/default/functions/hello-py");

        JsonNode ready = nubo.awaitReady("default", "hello-py");

        assertThat(ready.path("status").path("endpoint").asString()).isEqualTo(nubo.gateway("/default/hello-py"));
        assertThat(ready.path("status").path("replicas").path("ready").asInt()).isEqualTo(1);
        Http.Response viaGateway = nubo.call("POST", "/default/hello-py", "text/plain", "gateway");
        assertThat(viaGateway.status()).isEqualTo(200);
        assertThat(viaGateway.body()).isEqualTo("hello gateway");
        assertThat(viaGateway.header("Content-Type")).startsWith("text/plain");
        Http.Response viaApi = nubo.apiCall("POST", "/api/v1/namespaces/default/functions/hello-py/invoke",
                "text/plain", "api");
        assertThat(viaApi.status()).isEqualTo(200);
        assertThat(viaApi.body()).isEqualTo("hello api");
    }

    @Test
    void everyMethodPathQueryAndBodyReachesTheFunction() {
        nubo.create("default", Functions.python("echo-py", Functions.PY_ECHO));
        nubo.awaitReady("default", "echo-py");

        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            Http.Response response = nubo.call(method, "/default/echo-py/orders/7?verbose=1",
                    method.equals("GET") ? null : "application/json", method.equals("GET") ? null : "{\"n\": 1}");
            assertThat(response.status()).as(method).isEqualTo(200);
            JsonNode seen = response.json();
            assertThat(seen.path("method").asString()).isEqualTo(method);
            assertThat(seen.path("path").asString()).isEqualTo("/orders/7");
            assertThat(seen.path("query").asString()).isEqualTo("verbose=1");
            if (!method.equals("GET")) {
                assertThat(seen.path("data").path("n").asInt()).as("JSON arrives parsed").isEqualTo(1);
            }
            assertThat(seen.path("eventNamespace").asString()).isEqualTo("http.nubo.dev");
            assertThat(seen.path("eventId").asString()).isNotBlank();
            assertThat(seen.path("function").asString()).isEqualTo("echo-py");
        }
        Http.Response text = nubo.call("POST", "/default/echo-py", "text/plain", "just text");
        assertThat(text.json().path("data").asString()).isEqualTo("just text");
        Http.Response viaApi = nubo.apiCall("POST", "/api/v1/namespaces/default/functions/echo-py/invoke",
                "application/json", "{\"via\": \"api\"}");
        assertThat(viaApi.json().path("eventNamespace").asString()).isEqualTo("api.nubo.dev");
        assertThat(viaApi.json().path("data").path("via").asString()).isEqualTo("api");
        // a form body is the function's to read: the API passes it through untouched, even one that is not valid
        // form encoding
        Http.Response form = nubo.apiCall("POST", "/api/v1/namespaces/default/functions/echo-py/invoke",
                "application/x-www-form-urlencoded", "a=1&b=%zz");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.json().path("data").asString()).isEqualTo("a=1&b=%zz");
    }

    @Test
    void theGatewayNeverHandsTheCallersCredentialsToTheFunction() {
        nubo.create("default", Functions.python("creds-py", Functions.PY_ECHO));
        nubo.awaitReady("default", "creds-py");

        JsonNode headers = nubo.call("GET", "/default/creds-py", null, null,
                "Authorization", "Bearer " + Platform.TOKEN, "Cookie", "NUBO_SESSION=secret; theme=dark").json()
                .path("headers");

        assertThat(headers.has("authorization")).isFalse();
        assertThat(headers.path("cookie").asString()).contains("theme=dark").doesNotContain("NUBO_SESSION");
    }

    @Test
    void aReplicaSeesOnlyTheContractsVariablesAndItsOwnEnv() {
        nubo.create("default", Functions.document("env-py", "python3.11", "main.handler", Map.of("inline", """
                import os
                def handler(event, context):
                    return dict(os.environ)
                """), null, Map.of("GREETING", "hi"), null));
        nubo.awaitReady("default", "env-py");

        JsonNode env = nubo.call("GET", "/default/env-py", null, null).json();

        assertThat(env.path("GREETING").asString()).isEqualTo("hi");
        assertThat(env.path("FUNC_NAME").asString()).isEqualTo("env-py");
        assertThat(env.path("MOD_NAME").asString()).isEqualTo("main");
        assertThat(env.path("FUNC_HANDLER").asString()).isEqualTo("handler");
        assertThat(env.path("FUNC_TIMEOUT").asString()).isEqualTo("30");
        Set<String> allowed = Set.of("GREETING", "FUNC_NAME", "MOD_NAME", "FUNC_HANDLER", "FUNC_TIMEOUT", "FUNC_PORT",
                "FUNC_HOST", "FUNC_RUNTIME", "FUNC_MEMORY_LIMIT", "KUBELESS_INSTALL_VOLUME", "NUBO_DEPS_DIR",
                "NUBO_INSTANCE_ID", "PATH", "HOME", "LANG", "PYTHONPATH", "LC_CTYPE",
                "PWD"); // the sandbox starts the function in its code directory, and says so
        assertThat(env.propertyNames()).allMatch(allowed::contains, "only the contract's variables");
        assertThat(env.path("PWD").asString()).isEqualTo(env.path("KUBELESS_INSTALL_VOLUME").asString());
    }

    @Test
    void aZipWithTwoFilesRuns() throws Exception {
        String zip = zip(Map.of("main.py", "import helper\ndef handler(event, context):\n    return helper.greet()\n",
                "helper.py", "def greet():\n    return 'from the helper'\n"));
        nubo.create("default", Functions.document("zip-py", "python3.11", "main.handler", Map.of("zip", zip), null,
                Map.of(), null));
        nubo.awaitReady("default", "zip-py");

        assertThat(nubo.call("GET", "/default/zip-py", null, null).body()).isEqualTo("from the helper");
    }

    @Test
    void anUpdateServesTheNewCodeWithoutAFailedCall() throws Exception {
        nubo.create("default", Functions.python("rolling-py", "def handler(event, context):\n    return 'v1'\n"));
        nubo.awaitReady("default", "rolling-py");
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean calling = new AtomicBoolean(true);
        Thread caller = Thread.ofVirtual().start(() -> {
            while (calling.get()) {
                try {
                    Http.Response r = nubo.call("GET", "/default/rolling-py", null, null);
                    if (r.status() == 200) {
                        answers.computeIfAbsent(r.body(), k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        failures.add(r.status() + " " + r.body());
                    }
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.containsKey("v1"));

        JsonNode current = nubo.get("default", "rolling-py").json();
        String updated = Functions.python("rolling-py", "def handler(event, context):\n    return 'v2'\n")
                .replace("\"metadata\":{\"name\":\"rolling-py\"}", "\"metadata\":{\"name\":\"rolling-py\","
                        + "\"resourceVersion\":\"" + current.path("metadata").path("resourceVersion").asString() + "\"}");
        Http.Response put = nubo.apiCall("PUT", "/api/v1/namespaces/default/functions/rolling-py", "application/json",
                updated);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("metadata").path("generation").asLong()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> answers.containsKey("v2") && answers.get("v2").get() > 20);
        JsonNode ready = nubo.awaitReady("default", "rolling-py");
        int v2Before = answers.get("v2").get();
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.get("v2").get() > v2Before + 20);
        calling.set(false);
        caller.join();

        assertThat(failures).as("calls that failed during the update").isEmpty();
        assertThat(answers.keySet()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(ready.path("status").path("observedGeneration").asLong()).isEqualTo(2);
    }

    @Test
    void logsShowBuildStepsAndWhatTheFunctionPrintedAndCanBeFollowed() throws Exception {
        nubo.create("default", Functions.python("logs-py", """
                def handler(event, context):
                    print("marker", event["data"])
                    return "ok"
                """));
        nubo.awaitReady("default", "logs-py");
        HttpRequest followRequest = HttpRequest.newBuilder(URI.create(nubo.api(
                        "/api/v1/namespaces/default/functions/logs-py/logs?follow=true&tailLines=0")))
                .header("Authorization", "Bearer " + Platform.TOKEN).build();
        HttpResponse<Stream<String>> stream = Http.client().send(followRequest, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> followed = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> stream.body().forEach(followed::add));

        nubo.call("POST", "/default/logs-py", "text/plain", "first-call");
        await().atMost(Duration.ofSeconds(10)).until(() -> followed.contains("data:marker first-call"));
        reader.interrupt();
        stream.body().close();

        Http.Response tail = nubo.apiCall("GET", "/api/v1/namespaces/default/functions/logs-py/logs?tailLines=50",
                null, null);
        assertThat(tail.header("Content-Type")).startsWith("text/plain");
        assertThat(tail.body()).contains("[nubo] build of generation 1 succeeded", "marker first-call");
        assertThat(tail.body().lines().filter(l -> l.contains("POST /")).count()).as("request log line").isEqualTo(1);
        Http.Response two = nubo.apiCall("GET", "/api/v1/namespaces/default/functions/logs-py/logs?tailLines=2",
                null, null);
        assertThat(two.body().lines()).hasSize(2);
    }

    @Test
    void deleteStopsTheFunctionAndRemovesItsFiles() {
        nubo.create("default", Functions.python("gone-py", "def handler(event, context):\n    return 'here'\n"));
        nubo.awaitReady("default", "gone-py");
        assertThat(nubo.call("GET", "/default/gone-py", null, null).body()).isEqualTo("here");

        Http.Response deleted = nubo.delete("default", "gone-py");

        assertThat(deleted.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Http.Response call = nubo.call("GET", "/default/gone-py", null, null);
            assertThat(call.status()).isEqualTo(404);
            assertThat(call.code()).isEqualTo("FUNCTION_NOT_FOUND");
        });
        assertThat(nubo.get("default", "gone-py").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                !Files.exists(nubo.dataDir.resolve("functions/default/gone-py"))
                        && !Files.exists(nubo.dataDir.resolve("logs/default/gone-py.log")));
        assertThat(nubo.delete("default", "gone-py").status()).isEqualTo(404);
    }

    static String zip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
