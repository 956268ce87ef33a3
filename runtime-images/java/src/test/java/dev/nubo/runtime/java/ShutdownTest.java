package dev.nubo.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.nubo.runtime.java.support.FunctionBuild;
import dev.nubo.runtime.java.support.RuntimeServer;

/** SIGTERM: stop accepting, let calls in flight finish, exit 0. */
class ShutdownTest {

    @Test
    void sigtermLetsTheCallInFlightFinishThenExitsZero() throws Exception {
        try (RuntimeServer server = RuntimeServer.start(FunctionBuild.shared("api"), "Api.handle", Map.of())) {
            CompletableFuture<HttpResponse<String>> inFlight = server.client().sendAsync(
                    HttpRequest.newBuilder(server.uri("/slow?1500")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).until(() -> server.stdout().contains("slow call started"));

            int exitCode = server.terminate(Duration.ofSeconds(15));

            assertThat(exitCode).isZero();
            assertThat(inFlight.join().statusCode()).isEqualTo(200);
            assertThat(inFlight.join().body()).isEqualTo("slept");
            assertThatThrownBy(() -> server.get("/healthz")).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void anIdleServerExitsZeroAtOnce() throws Exception {
        try (RuntimeServer server = RuntimeServer.startUnspecialized(FunctionBuild.shared("api"), Map.of())) {
            long started = System.nanoTime();

            assertThat(server.terminate(Duration.ofSeconds(15))).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void sigtermDoesNotWaitForARunawayCall() throws IOException, InterruptedException {
        try (RuntimeServer server = RuntimeServer.start(FunctionBuild.shared("api"), "Api.handle",
                Map.of("FUNC_TIMEOUT", "0.5"))) {
            assertThat(server.get("/spin?60000").statusCode()).isEqualTo(408);

            assertThat(server.terminate(Duration.ofSeconds(15))).isZero();
        }
    }
}
