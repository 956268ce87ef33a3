package dev.nubo.kubernetes.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.source.Checksums;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionWorkloads;
import dev.nubo.kubernetes.function.TestSettings;
import dev.nubo.kubernetes.function.WorkloadSettings;

/**
 * A wake served from the warm pool, on the fabric8 mock API server (CRUD mode): a JDK HTTP server on a free loopback
 * port plays the pool pod's runtime (its pod has IP 127.0.0.1 and that port), and answers the specialize request as
 * the test tells it.
 */
@EnableKubernetesMockClient(crud = true)
class PoolSpecializerTest {

    static KubernetesClient client;

    private static final String CODE = "def handler(e, c):\n    return 'hi'\n";
    private static final WorkloadSettings SETTINGS = TestSettings.settings();

    /** What the stand-in runtime received on /_nubo/specialize. */
    record Received(String token, Map<String, Object> body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private HttpServer runtime;
    private String namespace;
    private int namespaces;

    @BeforeEach
    void startRuntime() throws IOException {
        runtime = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        runtime.createContext(PoolSpecializer.SPECIALIZE_PATH, exchange -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = client.getKubernetesSerialization().unmarshal(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.class);
            received.add(new Received(exchange.getRequestHeaders().getFirst(PoolSpecializer.TOKEN_HEADER), body));
            byte[] reply = (answer == 200 ? "{\"specialized\": true}" : "{\"error\": \"no code in /tmp/code\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        runtime.start();
        namespace = "pool-" + ++namespaces + "-" + System.nanoTime() % 100000;
    }

    @AfterEach
    void stopRuntime() {
        runtime.stop(0);
    }

    private Deployment pool() {
        return client.resource(WarmPool.deployment(namespace, "python",
                SETTINGS.runtimes().forRuntime("python3.11").orElseThrow(), 1, SETTINGS)).create();
    }

    /** A pod of the pool as its ReplicaSet and the kubelet would make it, its runtime played by the test's server. */
    private Pod poolPod(Deployment pool, String name, boolean ready) {
        Map<String, String> labels = new LinkedHashMap<>(pool.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("pod-template-hash", "abc123");
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .endMetadata()
                .withSpec(pool.getSpec().getTemplate().getSpec())
                .withNewStatus().withPodIP("127.0.0.1").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        pod.getSpec().getContainers().getFirst().getPorts().getFirst().setContainerPort(runtime.getAddress().getPort());
        return client.resource(pod).create();
    }

    private FunctionResource function(String name, FunctionSpec spec) {
        FunctionResource function = new FunctionResource(namespace, name, spec);
        function.getMetadata().setUid("uid-" + name);
        function.getMetadata().setGeneration(1L);
        return function;
    }

    private PoolSpecializer specializer() {
        return new PoolSpecializer(client, SETTINGS, Duration.ofSeconds(5));
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    @Test
    void aWakeSpecializesAReadyPoolPodWithTheTokenAndPutsItIntoTheFunctionsService() {
        client.resource(WarmPool.tokenSecret(namespace, "s3cret")).create();
        Deployment pool = pool();
        poolPod(pool, "pool-a", true);
        FunctionResource hello = function("hello", FunctionSpecBuilder.python(CODE).timeoutSeconds(12).build());
        Service service = client.resource(FunctionWorkloads.desired(hello, SETTINGS).service()).create();

        PoolSpecializer.Result result = specializer().wake(hello);

        assertThat(result.outcome()).isEqualTo(PoolSpecializer.Outcome.SPECIALIZED);
        assertThat(result.pod()).isEqualTo("pool-a");
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.token()).isEqualTo("s3cret");
            assertThat(request.body()).containsEntry("handler", "hello.handler")
                    .containsEntry("functionName", "hello").containsEntry("codeDir", "/tmp/code")
                    .containsEntry("sourceUrl", "http://nubo-api.nubo.svc:8080/api/v1/function-sources/" + namespace
                            + "/hello/" + Checksums.sha256(CODE))
                    .containsEntry("sourceFormat", "file").containsEntry("codeFile", "hello.py");
        });
        // the pod left the pool and serves the function: its Service's selector picks it
        Map<String, String> labels = pod("pool-a").getMetadata().getLabels();
        assertThat(labels).doesNotContainKey(WarmPool.POOL).containsEntry(WarmPool.CLAIMED_FROM, "python");
        assertThat(labels).containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void aPodThatRefusesTheFunctionIsDeletedAndTheWakeFallsBack() {
        client.resource(WarmPool.tokenSecret(namespace, "s3cret")).create();
        poolPod(pool(), "pool-b", true);
        answer = 500;

        PoolSpecializer.Result result = specializer().wake(function("broken", FunctionSpecBuilder.python(CODE).build()));

        assertThat(result.outcome()).isEqualTo(PoolSpecializer.Outcome.FAILED);
        assertThat(result.detail()).contains("500");
        assertThat(received).hasSize(1);
        assertThat(pod("pool-b")).as("a claimed pod that would not specialize serves no one").isNull();
    }

    @Test
    void aPodThatDoesNotAnswerIsDeletedToo() {
        poolPod(pool(), "pool-c", true);
        runtime.stop(0); // nothing listens on the pod's port any more

        PoolSpecializer.Result result = specializer().wake(function("gone", FunctionSpecBuilder.python(CODE).build()));

        assertThat(result.outcome()).isEqualTo(PoolSpecializer.Outcome.FAILED);
        assertThat(pod("pool-c")).isNull();
    }

    @Test
    void anEmptyPoolLeavesTheWakeToTheDeployment() {
        poolPod(pool(), "pool-starting", false);

        PoolSpecializer.Result result = specializer().wake(function("cold", FunctionSpecBuilder.python(CODE).build()));

        assertThat(result.outcome()).isEqualTo(PoolSpecializer.Outcome.NO_READY_POD);
        assertThat(received).isEmpty();
        assertThat(pod("pool-starting").getMetadata().getLabels()).containsEntry(WarmPool.POOL, "python");
    }

    @Test
    void aFunctionWithDependenciesDoesNotTakeAPoolPod() {
        poolPod(pool(), "pool-d", true);

        PoolSpecializer.Result result = specializer().wake(function("heavy",
                FunctionSpecBuilder.python(CODE).deps("requests==2.32.3").build()));

        assertThat(result.outcome()).isEqualTo(PoolSpecializer.Outcome.NOT_ELIGIBLE);
        assertThat(received).isEmpty();
        assertThat(pod("pool-d").getMetadata().getLabels()).containsEntry(WarmPool.POOL, "python")
                .doesNotContainKey(FunctionLabels.FUNCTION);
    }
}
