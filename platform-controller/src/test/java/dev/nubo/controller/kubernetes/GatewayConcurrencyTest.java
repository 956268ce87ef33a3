package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;

/**
 * The operator's scaler fed by the gateways' {@code /_nubo/concurrency} ({@link GatewayConcurrency}): two gateway
 * pods found through their Service's EndpointSlice (127.0.0.1 and 127.0.0.2, one port), each answering what the
 * triggers service's {@code ConcurrencyEndpoint} answers (the gateway itself is tested in platform-triggers'
 * {@code KubernetesGatewayTest}; a service module cannot load another's classes). Their counts are summed.
 */
@EnableKubernetesMockClient(crud = true)
class GatewayConcurrencyTest {

    static KubernetesClient client;
    static OperatorHarness operator;
    static final String NS = OperatorHarness.NAMESPACE;
    static final String TOKEN = "internal-secret";
    static final AtomicReference<String> first = new AtomicReference<>("{\"functions\":[]}");
    static final AtomicReference<String> second = new AtomicReference<>("{\"functions\":[]}");
    static final AtomicInteger refused = new AtomicInteger();
    static HttpServer gatewayA;
    static HttpServer gatewayB;

    static HttpServer gateway(String address, int port, AtomicReference<String> answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext(GatewayConcurrency.PATH, exchange -> {
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst(DistributedProperties.TOKEN_HEADER))) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    static String counts(String function, int inFlight, int waiting) {
        return "{\"functions\":[{\"namespace\":\"" + NS + "\",\"name\":\"" + function + "\",\"inFlight\":" + inFlight
                + ",\"waiting\":" + waiting + ",\"lastCall\":\"" + Instant.now() + "\"}]}";
    }

    @BeforeAll
    static void start() throws Exception {
        gatewayA = gateway("127.0.0.1", 0, first);
        int port = gatewayA.getAddress().getPort();
        gatewayB = gateway("127.0.0.2", port, second);
        client.resource(new EndpointSliceBuilder().withNewMetadata().withName("nubo-triggers-x1").withNamespace(NS)
                .addToLabels("kubernetes.io/service-name", "nubo-triggers").endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("127.0.0.1", "127.0.0.2").withNewConditions().withReady(true)
                .endConditions().endEndpoint()
                .addNewPort().withName("http").withPort(port).endPort().build()).create();
        operator = new OperatorHarness(client, "nubo.kubernetes.scaling.sample-interval=100ms",
                "nubo.kubernetes.scaling.stable-window=2s", "nubo.kubernetes.scaling.panic-window=500ms",
                "nubo.kubernetes.gateway-concurrency.enabled=true", "nubo.kubernetes.gateway-concurrency.namespace=" + NS,
                "nubo.kubernetes.gateway-concurrency.port=" + port,
                "nubo.kubernetes.gateway-concurrency.poll-interval=100ms", "nubo.distributed.internal-token=" + TOKEN);
    }

    @AfterAll
    static void stop() {
        operator.close();
        gatewayA.stop(0);
        gatewayB.stop(0);
    }

    static Integer replicas(String name) {
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName(name).get();
        return deployment == null ? null : deployment.getSpec().getReplicas();
    }

    @Test
    void callsHeldAtAGatewayWakeAFunctionAndTheGatewaysCallsInFlightAreSummed() {
        client.resource(new FunctionResource(NS, "summed", FunctionSpecBuilder.python(
                "def handler(e, c):\n    return 'hi'\n").timeoutSeconds(30).scaling(new Scaling(0, 8, 10, 1)).build()))
                .create();
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(0).equals(replicas("summed")));

        // one gateway holds two calls: a replica at once
        first.set(counts("summed", 0, 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(replicas("summed")));

        // 30 + 30 calls in flight on two gateways at 10 per replica: 6 replicas (either alone would ask for 3)
        first.set(counts("summed", 30, 0));
        second.set(counts("summed", 30, 0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicas("summed")).isEqualTo(6);
            assertThat(client.resources(FunctionResource.class).inNamespace(NS).withName("summed").get().getStatus()
                    .lastScaling().to()).isEqualTo(6);
        });
        assertThat(refused).as("the internal token was sent").hasValue(0);
        first.set("{\"functions\":[]}");
        second.set("{\"functions\":[]}");
    }
}
