package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nubo.core.endpoint.FunctionRoute;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica is never sent more than its function's containerConcurrency calls at once: the rest are held in the
 * function's queue (counted as load, for the autoscaler) and go out as places free; a full queue answers 503.
 */
class GatewayConcurrencyCapTest {

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient client = GatewayFixture.newClient();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : closing.reversed()) {
            each.close();
        }
    }

    private <T extends AutoCloseable> T closed(T resource) {
        closing.add(resource);
        return resource;
    }

    private List<CompletableFuture<HttpResponse<String>>> callAtOnce(GatewayFixture gateway, String path, int calls) {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(client.sendAsync(gateway.request(path).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return answers;
    }

    @Test
    void callsAboveTheCapWaitForAPlaceAndAllAnswerWhenTheReplicaFreesIt() {
        RecordingUpstream replica = closed(RecordingUpstream.start("capped"));
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints().capped("cap", "slow", 3, replica.endpoint());
        GatewayFixture gateway = closed(GatewayFixture.start(functions));
        FunctionRoute route = functions.route("cap", "slow").orElseThrow();

        List<CompletableFuture<HttpResponse<String>>> answers = callAtOnce(gateway, "/cap/slow/block", 8);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replica.blocked()).as("calls in the replica").isEqualTo(3);
            assertThat(route.load().slots().waiting()).as("calls held by the gateway").isEqualTo(5);
        });
        assertThat(route.load().inFlight()).as("held calls count as load: the autoscaler sees all 8").isEqualTo(8);
        assertThat(replica.mostBlocked()).isEqualTo(3);

        replica.unblock();

        assertThat(answers).allSatisfy(answer -> {
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("unblocked");
        });
        assertThat(replica.mostBlocked()).as("never more than the cap at once").isEqualTo(3);
        assertThat(replica.received()).hasSize(8);
        await().atMost(Duration.ofSeconds(5)).until(() -> route.load().inFlight() == 0);
        assertThat(route.load().slots().busy(replica.endpoint())).as("every place given back").isZero();
    }

    @Test
    void eachCallGoesToTheLeastLoadedReplicaBelowItsCap() {
        RecordingUpstream first = closed(RecordingUpstream.start("first"));
        RecordingUpstream second = closed(RecordingUpstream.start("second"));
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints()
                .capped("cap", "pair", 2, first.endpoint(), second.endpoint());
        GatewayFixture gateway = closed(GatewayFixture.start(functions));

        List<CompletableFuture<HttpResponse<String>>> answers = callAtOnce(gateway, "/cap/pair/block", 5);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(first.blocked()).isEqualTo(2);
            assertThat(second.blocked()).isEqualTo(2);
            assertThat(functions.route("cap", "pair").orElseThrow().load().slots().waiting()).isEqualTo(1);
        });
        first.unblock();
        second.unblock();
        assertThat(answers).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
        assertThat(first.mostBlocked()).isEqualTo(2);
        assertThat(second.mostBlocked()).isEqualTo(2);
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAtOnce() {
        RecordingUpstream replica = closed(RecordingUpstream.start("full"));
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints().capped("cap", "full", 1, replica.endpoint());
        GatewayFixture gateway = closed(GatewayFixture.start(functions, Map.of("wake-queue-size", "2")));
        FunctionRoute route = functions.route("cap", "full").orElseThrow();

        List<CompletableFuture<HttpResponse<String>>> admitted = callAtOnce(gateway, "/cap/full/block", 3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replica.blocked()).isEqualTo(1);
            assertThat(route.load().slots().waiting()).isEqualTo(2);
        });

        HttpResponse<String> refused = gateway.get("/cap/full/block");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue(GatewayProblem.MEDIA_TYPE);
        Map<String, Object> problem = Problems.read(refused);
        assertThat(problem).containsEntry("code", "FUNCTION_BUSY").containsEntry("status", 503);
        assertThat((String) problem.get("detail")).contains("2 calls already wait", "containerConcurrency");
        assertThat(replica.received()).as("the refused call never reached the replica").hasSize(1);

        replica.unblock();
        assertThat(admitted).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
    }

    @Test
    void aCallThatGetsNoPlaceWithinTheWaitAnswers503Busy() {
        RecordingUpstream replica = closed(RecordingUpstream.start("stuck"));
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints().capped("cap", "stuck", 1, replica.endpoint());
        GatewayFixture gateway = closed(GatewayFixture.start(functions, Map.of("wake-timeout", "300ms")));

        CompletableFuture<HttpResponse<String>> holding = callAtOnce(gateway, "/cap/stuck/block", 1).getFirst();
        await().atMost(Duration.ofSeconds(20)).until(() -> replica.blocked() == 1);

        HttpResponse<String> gaveUp = gateway.get("/cap/stuck/block");

        assertThat(gaveUp.statusCode()).isEqualTo(503);
        assertThat(gaveUp.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Problems.read(gaveUp)).containsEntry("code", "FUNCTION_BUSY");
        FunctionRoute route = functions.route("cap", "stuck").orElseThrow();
        assertThat(route.load().slots().waiting()).isZero();
        replica.unblock();
        assertThat(holding.join().statusCode()).isEqualTo(200);
        // the place the first call held is free again: the next call goes straight through
        assertThat(gateway.get("/cap/stuck/block").statusCode()).isEqualTo(200);
    }

    @Test
    void aHeldCallWhoseCallerLeavesGivesUpItsPlaceInLine() throws Exception {
        RecordingUpstream replica = closed(RecordingUpstream.start("leaver"));
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints().capped("cap", "leave", 1, replica.endpoint());
        GatewayFixture gateway = closed(GatewayFixture.start(functions));
        FunctionRoute route = functions.route("cap", "leave").orElseThrow();
        CompletableFuture<HttpResponse<String>> holding = callAtOnce(gateway, "/cap/leave/block", 1).getFirst();
        await().atMost(Duration.ofSeconds(20)).until(() -> replica.blocked() == 1);

        try (RawHttpConnection leaving = RawHttpConnection.open(gateway.port())) {
            leaving.write("GET /cap/leave/block HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> route.load().slots().waiting() == 1);
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(route.load().slots().waiting()).isZero();
            assertThat(route.load().inFlight()).isEqualTo(1);
        });
        replica.unblock();
        assertThat(holding.join().statusCode()).isEqualTo(200);
        assertThat(replica.received()).as("the call whose caller left never reached the replica").hasSize(1);
    }
}
