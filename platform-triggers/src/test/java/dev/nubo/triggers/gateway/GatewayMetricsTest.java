package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.metrics.FunctionHistory;
import dev.nubo.core.metrics.FunctionMetrics.CallTotals;
import dev.nubo.core.metrics.InMemoryFunctionMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every call of an existing function through the gateway shows in its metrics: answered, failed, refused, cold. */
class GatewayMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryFunctionMetrics metrics = new InMemoryFunctionMetrics(Clock.systemUTC(), registry, 100);
    private final RecordingUpstream replica = RecordingUpstream.start("hello");
    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        replica.close();
    }

    @Test
    void answersAndFailuresCountAsCallsAndFiveHundredsAsErrors() {
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints()
                .ready("ns", "hello", replica.endpoint())
                .ready("ns", "unreachable", new Endpoint("127.0.0.1", 1))
                .put(new FunctionRoute("ns", "broken", List.of(), Duration.ofSeconds(30), "CrashLoop", false));
        gateway = GatewayFixture.gateway(functions).calls(metrics).start();

        assertThat(gateway.get("/ns/hello/a").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/ns/hello/b").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/ns/hello/status/404").statusCode()).isEqualTo(404);
        assertThat(gateway.get("/ns/hello/status/500").statusCode()).isEqualTo(500);
        assertThat(gateway.get("/ns/unreachable/").statusCode()).isEqualTo(502);
        assertThat(gateway.get("/ns/broken/").statusCode()).isEqualTo(503);
        assertThat(gateway.get("/ns/nobody/").statusCode()).isEqualTo(404);

        assertThat(metrics.lastHour("ns", "hello")).isEqualTo(new CallTotals(4, 1));
        FunctionHistory.Point now = metrics.history("ns", "hello").points().getLast();
        assertThat(now.p50Millis()).isPositive();
        assertThat(now.p99Millis()).isGreaterThanOrEqualTo(now.p50Millis());
        assertThat(now.coldStarts()).isZero();
        assertThat(metrics.lastHour("ns", "unreachable")).isEqualTo(new CallTotals(1, 1));
        assertThat(metrics.lastHour("ns", "broken")).isEqualTo(new CallTotals(1, 1));
        assertThat(metrics.tracked()).as("a function that does not exist is not tracked")
                .noneMatch(key -> key.function().equals("nobody"));
        assertThat(registry.get("nubo.function.calls").tags("function", "hello", "status", "2xx").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("nubo.function.duration").tag("function", "hello").timer().count()).isEqualTo(4);
    }

    @Test
    void aCallHeldWhileItsFunctionWokeCountsAsAColdStart() {
        GatewayColdStartTest.SleepingFunction function = new GatewayColdStartTest.SleepingFunction();
        gateway = GatewayFixture.gateway(function).calls(metrics).start();
        CompletableFuture<HttpResponse<String>> cold = CompletableFuture.supplyAsync(
                () -> GatewayFixture.send(GatewayFixture.newClient(), gateway.request("/ns/sleepy/").build()));
        await().atMost(Duration.ofSeconds(10)).until(() -> function.wakeCalls.get() == 1);
        function.wake(replica);
        assertThat(cold.join().statusCode()).isEqualTo(200);
        assertThat(gateway.get("/ns/sleepy/").statusCode()).isEqualTo(200);

        FunctionHistory.Point now = metrics.history("ns", "sleepy").points().getLast();
        assertThat(now.calls()).isEqualTo(2);
        assertThat(now.coldStarts()).isEqualTo(1);
        assertThat(registry.get("nubo.function.cold.starts").counter().count()).isEqualTo(1);
        assertThat(registry.get("nubo.function.cold.start.duration").timer().count()).isEqualTo(1);
    }
}
