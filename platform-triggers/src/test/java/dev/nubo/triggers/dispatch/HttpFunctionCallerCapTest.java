package dev.nubo.triggers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.ReplicaSlots;
import dev.nubo.triggers.gateway.RecordingUpstream;
import dev.nubo.triggers.gateway.StaticFunctionEndpoints;

/** Trigger calls share the gateway's places on a replica: at the cap, an event waits for one to free. */
class HttpFunctionCallerCapTest {

    private static FunctionEvent event(String id) {
        return new FunctionEvent(id, Instant.now(), "cron.nubo.dev", "dev.nubo.cron.tick", null, null, Map.of());
    }

    @Test
    void anEventWaitsWhileTheReplicaIsAtItsCapAndIsSentWhenAPlaceFrees() {
        try (RecordingUpstream replica = RecordingUpstream.start("capped")) {
            StaticFunctionEndpoints endpoints = new StaticFunctionEndpoints().capped("ns", "fn", 1, replica.endpoint());
            FunctionRoute route = endpoints.route("ns", "fn").orElseThrow();
            HttpFunctionCaller caller = new HttpFunctionCaller(endpoints, Duration.ofSeconds(1));
            // a call through the gateway holds the replica's only place
            ReplicaSlots.Lease gatewayCall = route.load().slots().tryAcquire(route);

            CompletableFuture<CallResult> held = caller.call("ns", "fn", event("held-1"));

            await().atMost(Duration.ofSeconds(10)).until(() -> route.load().slots().waiting() == 1);
            assertThat(route.load().inFlight()).as("the held event counts as load").isEqualTo(1);
            assertThat(replica.received()).isEmpty();
            gatewayCall.release();

            CallResult result = held.join();
            assertThat(result.outcome()).isEqualTo(CallResult.Outcome.ANSWERED);
            assertThat(result.status()).isEqualTo(200);
            assertThat(replica.received()).hasSize(1);
            assertThat(route.load().slots().busy(replica.endpoint())).isZero();
        }
    }
}
