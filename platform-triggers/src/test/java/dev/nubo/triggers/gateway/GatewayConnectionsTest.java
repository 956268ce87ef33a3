package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Upstream connections: kept alive and reused, and never a cap that makes a fast call wait behind slow ones. */
class GatewayConnectionsTest {

    static RecordingUpstream upstream;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("fn");
        gateway = GatewayFixture.start(new StaticFunctionEndpoints().ready("perf", "hello", upstream.endpoint()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void reusesOneUpstreamConnectionForSequentialCalls() {
        HttpClient oneConnection = GatewayFixture.newClient();
        int before = upstream.received().size();
        for (int i = 0; i < 100; i++) {
            var response = GatewayFixture.send(oneConnection, gateway.request("/perf/hello/seq").build());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        List<RecordingUpstream.Received> calls = upstream.received().subList(before, upstream.received().size());
        assertThat(calls).hasSize(100);
        assertThat(calls.stream().map(RecordingUpstream.Received::remotePort).distinct().count())
                .as("upstream connections opened for 100 calls").isEqualTo(1);
    }

    @Test
    void serves200ConcurrentSlowCallsWithoutBlockingAFastOne() {
        List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, 200)
                .mapToObj(i -> gateway.client().sendAsync(gateway.request("/perf/hello/block").build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.blocked() == 200);

        HttpResponse<String> fast = gateway.get("/perf/hello/fast");
        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(upstream.blocked()).as("the slow calls are all still running").isEqualTo(200);

        upstream.unblock();
        assertThat(slow).allSatisfy(call -> {
            HttpResponse<String> response = call.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("unblocked");
        });
    }
}
