package dev.nubo.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nubo.runtime.java.support.FunctionBuild;
import dev.nubo.runtime.java.support.RuntimeServer;

/**
 * A Kubeless Java function (package io.kubeless, {@code String foo(Event, Context)}, {@code event.Data}) runs
 * unchanged; handler {@code Hello.foo} finds class {@code io.kubeless.Hello}.
 */
class KubelessShapeTest {

    private static RuntimeServer server;

    @BeforeAll
    static void start() {
        server = RuntimeServer.start(FunctionBuild.shared("kubeless"), "Hello.foo",
                Map.of("FUNC_RUNTIME", "java21"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theEventAndContextHaveKubelessFieldsAndTheBodyKeepsItsNewlines() throws IOException {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/"))
                .header("Content-Type", "text/plain").header("event-id", "id-1").header("event-type", "greeting")
                .header("event-time", "2024-01-01T00:00:00Z").header("event-namespace", "cli.kubeless.io")
                .POST(HttpRequest.BodyPublishers.ofString("line one\nline two")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo(
                "line one\nline two|id-1|greeting|2024-01-01T00:00:00Z|cli.kubeless.io|Hello|180|java21|");
    }

    @Test
    void aJsonBodyReachesDataAsItsRawText() throws IOException {
        String json = "{\"name\":  \"Ada\",\n \"n\": 1}";

        HttpResponse<String> response = server.post("/", "application/json", json);

        assertThat(response.body()).startsWith(json + "|").contains("|application/json|");
    }

    @Test
    void anExceptionGives500AndTheNextCallWorks() throws IOException {
        HttpResponse<String> failed = server.post("/", "text/plain", "fail");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("Error: kaput");
        assertThat(server.post("/", "text/plain", "again").statusCode()).isEqualTo(200);
    }
}
