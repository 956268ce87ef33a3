package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.ReplicaStart;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls to a function scaled to zero are held while it wakes, in a bounded queue, and say they were cold. */
class GatewayColdStartTest {

    /** A function asleep until the test wakes it: awaitReady completes when {@link #wake} is called. */
    static final class SleepingFunction implements FunctionEndpoints {
        final FunctionLoad load = new FunctionLoad();
        final AtomicInteger wakeCalls = new AtomicInteger();
        volatile FunctionRoute route = asleep();
        volatile CompletableFuture<FunctionRoute> woken = new CompletableFuture<>();

        FunctionRoute asleep() {
            return new FunctionRoute("ns", "sleepy", List.of(), Duration.ofSeconds(30), "ScaledToZero: no call for 5 s",
                    false, load, true);
        }

        @Override
        public Optional<FunctionRoute> route(String namespace, String name) {
            return "ns".equals(namespace) && "sleepy".equals(name) ? Optional.of(route) : Optional.empty();
        }

        @Override
        public CompletableFuture<FunctionRoute> awaitReady(String namespace, String name, Duration maxWait) {
            wakeCalls.incrementAndGet();
            return woken;
        }

        void wake(RecordingUpstream replica) {
            route = new FunctionRoute("ns", "sleepy", List.of(replica.endpoint()), Duration.ofSeconds(30), null, false,
                    load, false, new ReplicaStart(ReplicaStart.Kind.SPECIALIZED, Duration.ofMillis(7)));
            woken.complete(route);
        }
    }

    private RecordingUpstream replica;
    private SleepingFunction function;
    private GatewayFixture gateway;

    @BeforeEach
    void start() {
        replica = RecordingUpstream.start("awake");
        function = new SleepingFunction();
        gateway = GatewayFixture.start(function, Map.of("wake-queue-size", "2"));
    }

    @AfterEach
    void stop() {
        gateway.close();
        replica.close();
    }

    private CompletableFuture<HttpResponse<String>> callAsync(String path) {
        return CompletableFuture.supplyAsync(() -> GatewayFixture.send(GatewayFixture.newClient(),
                gateway.request(path).build()));
    }

    @Test
    void aCallIsHeldWhileTheFunctionWakesAndSaysItWasCold() {
        CompletableFuture<HttpResponse<String>> first = callAsync("/ns/sleepy/a");
        await().atMost(Duration.ofSeconds(10)).until(() -> function.wakeCalls.get() == 1);

        assertThat(first).as("held, not failed").isNotDone();
        assertThat(function.load.inFlight()).as("a held call counts as load").isEqualTo(1);
        function.wake(replica);

        HttpResponse<String> answer = first.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("awake");
        assertThat(answer.headers().firstValue("Nubo-Cold-Start")).hasValue("true");
        Map<String, Double> phases = ServerTiming.parse(answer.headers().firstValue("Server-Timing").orElseThrow());
        assertThat(phases).containsOnlyKeys("queue", "specialize", "first-byte");
        assertThat(phases.get("queue")).as("held until woken").isPositive();
        assertThat(phases.get("specialize")).as("as the backend said").isEqualTo(7.0);
        assertThat(phases.get("first-byte")).isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> function.load.inFlight() == 0);

        HttpResponse<String> warm = gateway.get("/ns/sleepy/b");
        assertThat(warm.headers().firstValue("Nubo-Cold-Start")).hasValue("false");
        Map<String, Double> warmPhases = ServerTiming.parse(warm.headers().firstValue("Server-Timing").orElseThrow());
        assertThat(warmPhases).containsOnlyKeys("queue", "first-byte");
        assertThat(warmPhases.get("queue")).isZero();
        assertThat(warmPhases.get("first-byte")).isPositive();
        assertThat(function.load.calls()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> function.load.inFlight() == 0);
    }

    @Test
    void callsPastTheWakeQueueAreRefusedAtOnceWithRetryAfter() {
        CompletableFuture<HttpResponse<String>> first = callAsync("/ns/sleepy/1");
        CompletableFuture<HttpResponse<String>> second = callAsync("/ns/sleepy/2");
        await().atMost(Duration.ofSeconds(10)).until(() -> function.wakeCalls.get() == 2);

        HttpResponse<String> third = gateway.get("/ns/sleepy/3");

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(third.body()).contains("\"code\":\"FUNCTION_NOT_READY\"", "2 calls already wait");
        function.wake(replica);
        assertThat(List.of(first.join().statusCode(), second.join().statusCode())).containsOnly(200);
        assertThat(gateway.get("/ns/sleepy/4").statusCode()).as("the queue frees as calls leave it").isEqualTo(200);
    }

    @Test
    void aFunctionThatDoesNotWakeInTimeGets503WithTheReason() {
        CompletableFuture<HttpResponse<String>> held = callAsync("/ns/sleepy/x");
        await().atMost(Duration.ofSeconds(10)).until(() -> function.wakeCalls.get() == 1);

        function.woken.completeExceptionally(new FunctionEndpoints.NotReadyException(
                "no replica became ready within 60 s: CrashLoop"));

        HttpResponse<String> answer = held.join();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("FUNCTION_NOT_READY", "CrashLoop");
        await().atMost(Duration.ofSeconds(5)).until(() -> function.load.inFlight() == 0);
    }
}
