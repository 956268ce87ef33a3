package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Start and graceful stop. */
class GatewayLifecycleTest {

    @Test
    void stopLetsTheCallInFlightFinishAndRefusesNewConnections() {
        try (RecordingUpstream upstream = RecordingUpstream.start("fn")) {
            GatewayFixture gateway = GatewayFixture.start(
                    new StaticFunctionEndpoints().ready("ns", "slow", upstream.endpoint()));
            int port = gateway.port();
            CompletableFuture<HttpResponse<String>> inFlight = gateway.client().sendAsync(
                    gateway.request("/ns/slow/block").build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.blocked() == 1);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                            .isInstanceOf(ConnectException.class));
            assertThat(stopping).isNotDone();

            upstream.unblock();
            HttpResponse<String> response = inFlight.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("unblocked");
            stopping.join();
            assertThat(gateway.gateway().isRunning()).isFalse();
            assertThat(gateway.port()).isEqualTo(-1);
        }
    }

    @Test
    void failsToStartWhenThePortIsTaken() throws IOException {
        try (GatewayFixture first = GatewayFixture.start(new StaticFunctionEndpoints())) {
            FunctionGateway second = GatewayFixture.gateway(new StaticFunctionEndpoints())
                    .settings(Map.of("port", String.valueOf(first.port()))).build();

            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen");
            assertThat(second.isRunning()).isFalse();
        }
    }
}
