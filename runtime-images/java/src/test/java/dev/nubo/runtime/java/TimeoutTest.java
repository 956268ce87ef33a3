package dev.nubo.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nubo.runtime.java.support.FunctionBuild;
import dev.nubo.runtime.java.support.RuntimeServer;

/** FUNC_TIMEOUT: 408 at the deadline, the call interrupted, and honest health when Java cannot stop it. */
class TimeoutTest {

    private RuntimeServer server;

    @BeforeEach
    void start() {
        server = RuntimeServer.start(FunctionBuild.shared("api"), "Api.handle", Map.of("FUNC_TIMEOUT", "1.5"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSleepingCallIsInterruptedAtTheTimeoutAndTheServerStaysHealthy() throws IOException {
        long started = System.nanoTime();
        HttpResponse<String> response = server.get("/sleep");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(408);
        assertThat(response.body()).isEqualTo("Timeout exceeded");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(20));
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(server.get("/hello").body()).isEqualTo("hello world");
        assertThat(server.get("/metrics").body()).contains("function_failures_total{method=\"GET\"} 1");
    }

    @Test
    void aBusyLoopThatIgnoresInterruptsMakesTheServerUnhealthyUntilItEnds() throws IOException {
        HttpResponse<String> response = server.get("/spin?6000");

        assertThat(response.statusCode()).isEqualTo(408);
        HttpResponse<String> health = server.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).startsWith("unhealthy: ");
        assertThat(server.get("/hello").body()).as("other calls are still served").isEqualTo("hello world");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> server.get("/healthz").statusCode() == 200);
    }

    @Test
    void theContextCarriesTheFractionalTimeout() throws IOException {
        assertThat(server.get("/describe").body()).contains("\"timeout\":\"1.5\"");
    }
}
