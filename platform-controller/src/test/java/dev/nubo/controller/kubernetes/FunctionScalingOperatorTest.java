package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.autoscale.FunctionConcurrency;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.function.FunctionResourceWaker;

/**
 * Scale to zero, wake and concurrency autoscaling on the fabric8 mock API server (CRUD mode). The gateway's side of
 * the platform-core contracts is played by the test: {@link GatewayCounts} is what the gateway reports (calls in
 * flight and held per function), and {@link FunctionResourceWaker} is what it calls when it holds a call.
 */
@EnableKubernetesMockClient(crud = true)
class FunctionScalingOperatorTest {

    static KubernetesClient client;
    static KubernetesMockServer server;
    static OperatorHarness operator;
    static final GatewayCounts gateway = new GatewayCounts();

    private static final String NS = OperatorHarness.NAMESPACE;

    /** The gateway's counts as the operator reads them through {@link FunctionConcurrency}. */
    static final class GatewayCounts implements FunctionConcurrency {
        final Map<String, Sample> samples = new ConcurrentHashMap<>();

        @Override
        public Sample sample(String namespace, String function) {
            return samples.getOrDefault(function, Sample.NONE);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        operator = new OperatorHarness(client,
                context -> context.registerBean(FunctionConcurrency.class, () -> gateway),
                "nubo.kubernetes.scaling.sample-interval=100ms", "nubo.kubernetes.scaling.stable-window=2s",
                "nubo.kubernetes.scaling.panic-window=500ms");
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    static void create(String name, Scaling scaling) {
        client.resource(new FunctionResource(NS, name, FunctionSpecBuilder.python("def handler(e, c):\n    return 'hi'\n")
                .timeoutSeconds(30).scaling(scaling).build()))
                .create();
    }

    static Integer replicas(String name) {
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName(name).get();
        return deployment == null ? null : deployment.getSpec().getReplicas();
    }

    static FunctionResource function(String name) {
        return client.resources(FunctionResource.class).inNamespace(NS).withName(name).get();
    }

    @Test
    void idleFunctionScalesToZeroAndACallWakesIt() {
        create("sleepy", new Scaling(0, 3, 10, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(replicas("sleepy")));
        assertThat(client.resources(HorizontalPodAutoscaler.class).inNamespace(NS).withName("sleepy").get())
                .as("the concurrency scaler owns the replicas, not a CPU autoscaler").isNull();

        // no call for idleSeconds (1 s)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicas("sleepy")).isZero();
            FunctionResource fn = function("sleepy");
            assertThat(fn.getStatus().phase()).isEqualTo(FunctionPhase.ScaledToZero);
            assertThat(fn.getStatus().lastScaling().to()).isZero();
            assertThat(fn.getStatus().lastScaling().reason()).contains("no call for 1 s");
        });

        // the gateway holds a call and asks for a replica
        new FunctionResourceWaker(client, Clock.systemUTC()).wake(NS, "sleepy");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicas("sleepy")).isEqualTo(1);
            assertThat(function("sleepy").getStatus().lastScaling().reason()).isEqualTo("a call woke it");
        });
    }

    @Test
    void callsHeldAtTheGatewayWakeAFunctionAtZero() {
        create("held", new Scaling(0, 2, 10, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(0).equals(replicas("held")));

        gateway.samples.put("held", new FunctionConcurrency.Sample(0, 3, Instant.now()));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(replicas("held")));
        } finally {
            gateway.samples.remove("held");
        }
    }

    @Test
    void concurrencySetsTheReplicasWithinMax() {
        create("busy", new Scaling(1, 5, 10, 300));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(replicas("busy")));

        // 40 calls in flight at 10 per replica: 4 replicas (panic window: at once)
        gateway.samples.put("busy", new FunctionConcurrency.Sample(40, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicas("busy")).isEqualTo(4);
            assertThat(function("busy").getStatus().lastScaling().to()).isEqualTo(4);
        });

        gateway.samples.put("busy", new FunctionConcurrency.Sample(200, 0, Instant.now()));
        // 200 calls want 20 replicas: maxReplicas caps them at 5
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicas("busy")).isEqualTo(5);
            assertThat(function("busy").getStatus().lastScaling().to()).isEqualTo(5);
        });

        // load gone: back to minReplicas once the stable window (2 s) has passed, never below it
        gateway.samples.put("busy", new FunctionConcurrency.Sample(0, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(replicas("busy")));
        gateway.samples.remove("busy");

        // steady load, steady state: ten samples later neither the Deployment nor the Function was written again
        String deployment = client.apps().deployments().inNamespace(NS).withName("busy").get().getMetadata()
                .getResourceVersion();
        String status = function("busy").getMetadata().getResourceVersion();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                deployment.equals(client.apps().deployments().inNamespace(NS).withName("busy").get().getMetadata()
                        .getResourceVersion()) && status.equals(function("busy").getMetadata().getResourceVersion()));
    }
}
