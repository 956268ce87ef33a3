package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nubo.core.endpoint.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replicas that are slow, gone or misbehaving: the gateway answers with a problem and keeps serving. */
class GatewayFailuresTest {

    static RecordingUpstream upstream;
    static StaticFunctionEndpoints functions = new StaticFunctionEndpoints();
    static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("fn");
        functions.ready("ops", "quick", Duration.ofMillis(300), upstream.endpoint())
                .ready("ops", "steady", upstream.endpoint());
        gateway = GatewayFixture.start(functions, Map.of("timeout-grace", "400ms"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void answers504AfterTheTimeoutPlusGraceWhileOtherCallsFlow() {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> hanging = gateway.client().sendAsync(
                gateway.request("/ops/quick/block").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.blocked() >= 1);

        assertThat(gateway.get("/ops/quick/fast").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/ops/steady/fast").statusCode()).isEqualTo(200);

        HttpResponse<String> response = hanging.join();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(Problems.read(response))
                .containsEntry("code", "FUNCTION_TIMEOUT")
                .containsEntry("instance", "/ops/quick");
        assertThat(elapsedMillis).as("300 ms timeout + 400 ms grace").isBetween(650L, 10_000L);
    }

    @Test
    void answers502WhenTheReplicaRefusesConnections() throws IOException {
        functions.ready("ops", "gone", new Endpoint("127.0.0.1", closedPort()));

        HttpResponse<String> response = gateway.get("/ops/gone/x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Problems.read(response)).containsEntry("code", "UPSTREAM_FAILED");
        assertThat((String) Problems.read(response).get("detail")).startsWith("Cannot connect to replica");
    }

    @Test
    void answers502WhenTheReplicaClosesWithoutAnswering() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> acceptAndClose(rude));
            functions.ready("ops", "rude", new Endpoint("127.0.0.1", rude.getLocalPort()));

            HttpResponse<String> response = gateway.get("/ops/rude");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(Problems.read(response)).containsEntry("code", "UPSTREAM_FAILED");
        }
    }

    @Test
    void resendsAnIdempotentCallOnceWhenAReusedConnectionTurnsOutClosed() throws Exception {
        try (ForgetfulUpstream forgetful = new ForgetfulUpstream()) {
            functions.ready("ops", "forgetful-get", forgetful.endpoint());
            HttpClient oneConnection = GatewayFixture.newClient();

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = GatewayFixture.send(oneConnection,
                        gateway.request("/ops/forgetful-get").build());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("answered");
            }
            assertThat(forgetful.dropped()).as("calls the replica dropped on a reused connection").isEqualTo(2);
        }
    }

    @Test
    void neverResendsAPostThatReachedTheReplica() throws Exception {
        try (ForgetfulUpstream forgetful = new ForgetfulUpstream()) {
            functions.ready("ops", "forgetful-post", forgetful.endpoint());
            HttpClient oneConnection = GatewayFixture.newClient();
            var post = gateway.request("/ops/forgetful-post")
                    .POST(HttpRequest.BodyPublishers.ofString("charge 10 EUR")).build();

            assertThat(GatewayFixture.send(oneConnection, post).statusCode()).isEqualTo(200);
            HttpResponse<String> second = GatewayFixture.send(oneConnection, post);

            assertThat(second.statusCode()).isEqualTo(502);
            assertThat(Problems.read(second)).containsEntry("code", "UPSTREAM_FAILED");
            assertThat(forgetful.answered()).isEqualTo(1);
        }
    }

    private static void acceptAndClose(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.getInputStream().read();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
