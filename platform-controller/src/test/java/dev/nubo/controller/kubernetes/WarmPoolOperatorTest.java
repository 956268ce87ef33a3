package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.nubo.core.autoscale.FunctionConcurrency;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.quota.TenantSpec;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.crd.TenantResource;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionResourceWaker;
import dev.nubo.kubernetes.pool.PoolSpecializer;
import dev.nubo.kubernetes.pool.WarmPool;

/**
 * A wake bridged by the warm pool, through the operator as the controller runs it, on the fabric8 mock API server
 * (CRUD mode). The mock has no ReplicaSet controller or kubelet: the test makes the pods they would (a pool pod whose
 * IP is 127.0.0.1 and whose port is a JDK HTTP server playing its runtime; the function's own pod), and plays the
 * gateway's counts and wake.
 */
@EnableKubernetesMockClient(crud = true)
class WarmPoolOperatorTest {

    static KubernetesClient client;
    static OperatorHarness operator;
    static final Map<String, FunctionConcurrency.Sample> gateway = new ConcurrentHashMap<>();
    static HttpServer runtime;
    static final List<Map.Entry<String, String>> specializeRequests = new CopyOnWriteArrayList<>();
    static volatile int answer = 200;
    /** While set, the stand-in runtime holds its answer to specialize until the latch opens (a slow download). */
    static volatile CountDownLatch hold;
    static final Duration SPECIALIZE_TIMEOUT = Duration.ofSeconds(30);

    private static final String NS = OperatorHarness.NAMESPACE;

    @BeforeAll
    static void start() throws Exception {
        runtime = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        runtime.createContext(PoolSpecializer.SPECIALIZE_PATH, exchange -> {
            specializeRequests.add(Map.entry(
                    String.valueOf(exchange.getRequestHeaders().getFirst(PoolSpecializer.TOKEN_HEADER)),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            CountDownLatch held = hold;
            if (held != null) {
                try {
                    held.await(SPECIALIZE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] reply = (answer == 200 ? "{\"specialized\": true}" : "{\"error\": \"cannot load\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        runtime.setExecutor(Executors.newCachedThreadPool());
        runtime.start();
        operator = new OperatorHarness(client,
                context -> context.registerBean(FunctionConcurrency.class,
                        () -> (namespace, function) -> gateway.getOrDefault(function, FunctionConcurrency.Sample.NONE)),
                "nubo.kubernetes.warm-pool-size=1", "nubo.kubernetes.source-url=http://nubo-api.test:8080",
                "nubo.kubernetes.scaling.sample-interval=100ms", "nubo.kubernetes.scaling.stable-window=2s",
                "nubo.kubernetes.scaling.panic-window=500ms",
                "nubo.kubernetes.warm-pool-specialize-timeout=" + SPECIALIZE_TIMEOUT.toSeconds() + "s");
        // the tenant of the functions' namespace: its pool Deployment and its pool token
        client.resource(new TenantResource(NS, new TenantSpec(null))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> poolDeployment() != null
                && client.secrets().inNamespace(NS).withName(WarmPool.TOKEN_SECRET).get() != null);
    }

    @AfterAll
    static void stop() {
        operator.close();
        runtime.stop(0);
    }

    @AfterEach
    void release() {
        CountDownLatch held = hold;
        hold = null;
        if (held != null) {
            held.countDown();
        }
    }

    @BeforeEach
    void emptyPool() {
        client.pods().inNamespace(NS).withLabel(WarmPool.POOL).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(NS).withLabel(WarmPool.POOL).list()
                .getItems().isEmpty());
        specializeRequests.clear();
        answer = 200;
        gateway.clear();
    }

    static Deployment poolDeployment() {
        return client.apps().deployments().inNamespace(NS).withName(WarmPool.name("python")).get();
    }

    /** What the pool's ReplicaSet and the kubelet would make: a pool pod, its runtime played by the test's server. */
    static Pod poolPod(String name, boolean ready) {
        var template = poolDeployment().getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("pod-template-hash", "pool1");
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPodIP("127.0.0.1").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        pod.getSpec().getContainers().getFirst().getPorts().getFirst().setContainerPort(runtime.getAddress().getPort());
        return client.resource(pod).create();
    }

    /** The function's own pod, ready, as its Deployment's ReplicaSet and the kubelet would make it. */
    static void ownPodReady(String function) {
        var template = client.apps().deployments().inNamespace(NS).withName(function).get().getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("pod-template-hash", "fn1");
        client.resource(new PodBuilder().withNewMetadata().withName(function + "-fn1-x").withNamespace(NS)
                .withLabels(labels).endMetadata().withSpec(template.getSpec())
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
    }

    static Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    static Integer replicas(String name) {
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName(name).get();
        return deployment == null ? null : deployment.getSpec().getReplicas();
    }

    /** A function that has gone to zero (minReplicas 0, idle after 1 s). */
    static void atZero(String name) {
        client.resource(new FunctionResource(NS, name, FunctionSpecBuilder.python("def handler(e, c):\n    return 'hi'\n")
                .scaling(new Scaling(0, 2, 10, 1)).build())).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(0).equals(replicas(name)));
    }

    /** The gateway holds a call: it wakes the function, and the call keeps it awake (in flight) until the test ends. */
    static void wake(String name) {
        new FunctionResourceWaker(client, Clock.systemUTC()).wake(NS, name);
        gateway.put(name, new FunctionConcurrency.Sample(1, 0, Instant.now()));
    }

    @Test
    void aWakeIsServedByASpecializedPoolPodUntilTheFunctionsOwnPodIsReady() {
        atZero("warm");
        poolPod("pool-1", true);
        String token = WarmPool.token(client, NS).orElseThrow();

        wake("warm");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(pod("pool-1").getMetadata().getLabels()).containsEntry(FunctionLabels.FUNCTION, "warm")
                    .doesNotContainKey(WarmPool.POOL);
            assertThat(replicas("warm")).as("the Deployment wakes too").isEqualTo(1);
        });
        assertThat(specializeRequests).singleElement().satisfies(request -> {
            assertThat(request.getKey()).isEqualTo(token);
            assertThat(request.getValue()).contains("\"handler\":\"hello.handler\"")
                    .contains("\"sourceUrl\":\"http://nubo-api.test:8080/api/v1/function-sources/fns/warm/");
        });
        Service service = client.services().inNamespace(NS).withName("warm").get();
        assertThat(pod("pool-1").getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());

        ownPodReady("warm");
        await().atMost(Duration.ofSeconds(20)).until(() -> pod("pool-1") == null);
        assertThat(pod("warm-fn1-x")).as("the function's own pod stays").isNotNull();
    }

    @Test
    void aPoolPodThatRefusesIsDeletedAndTheDeploymentServesTheWake() {
        atZero("refused");
        poolPod("pool-2", true);
        answer = 500;

        wake("refused");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicas("refused")).isEqualTo(1);
            assertThat(specializeRequests).hasSize(1);
            assertThat(pod("pool-2")).isNull();
        });
    }

    @Test
    void withoutAReadyPoolPodTheWakeIsTheDeploymentsAlone() {
        atZero("cold");
        poolPod("pool-starting", false);

        wake("cold");

        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(replicas("cold")));
        assertThat(specializeRequests).isEmpty();
        assertThat(pod("pool-starting").getMetadata().getLabels()).containsEntry(WarmPool.POOL, "python");
    }

    static FunctionResource function(String name) {
        return client.resources(FunctionResource.class).inNamespace(NS).withName(name).get();
    }

    @Test
    void aSlowPoolPodHoldsNoReconcileAndStillServesTheFunctionOnceItAnswers() {
        atZero("slow");
        poolPod("pool-slow", true);
        hold = new CountDownLatch(1);

        wake("slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> specializeRequests.size() == 1);

        // the pool pod is still downloading: the reconcile that woke the function has returned and written its status
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var status = function("slow").getStatus();
            assertThat(status.replicas().desired()).isEqualTo(1);
            assertThat(status.phase()).isNotEqualTo(FunctionPhase.ScaledToZero);
        });
        assertThat(pod("pool-slow").getMetadata().getLabels()).as("claimed, not serving yet")
                .containsEntry(WarmPool.CLAIMED_FOR, "slow").doesNotContainKey(FunctionLabels.FUNCTION);

        hold.countDown();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pod("pool-slow").getMetadata().getLabels())
                .containsAllEntriesOf(client.services().inNamespace(NS).withName("slow").get().getSpec().getSelector()));
        assertThat(specializeRequests).as("one wake, however many reconciles meanwhile").hasSize(1);

        // the wake's end reconciled the function: its own pod ready, the bridge goes
        ownPodReady("slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> pod("pool-slow") == null);
    }

    /** A pool pod as an operator left it that claimed it for {@code function} at {@code at} and died. */
    static Pod claimedPod(String namespace, String name, String function, Instant at, boolean serving) {
        var template = poolDeployment().getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.remove(WarmPool.POOL);
        labels.put(WarmPool.CLAIMED_FROM, "python");
        labels.put(WarmPool.CLAIMED_FOR, function);
        if (serving) {
            labels.put(FunctionLabels.FUNCTION, function);
        }
        return client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(labels).addToAnnotations(WarmPool.CLAIMED_AT, at.toString()).endMetadata()
                .withSpec(template.getSpec()).withNewStatus().withPodIP("127.0.0.1").addNewCondition()
                .withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    }

    @Test
    void aPodClaimedByAnOperatorThatDiedIsDeletedOnceItsClaimOutlivesTwiceTheSpecializeTimeout() {
        String orphans = "orphans";
        Duration bound = SPECIALIZE_TIMEOUT.multipliedBy(2);
        Instant now = Instant.now();
        // left behind by an operator that died between claim and specialize: out of the pool, in no Service
        claimedPod(orphans, "abandoned", "gone", now.minus(bound).minusSeconds(60), false);
        claimedPod(orphans, "recent", "later", now.minus(bound).plusSeconds(10), false);
        // specialized: its function's reconciles own it, not the sweep
        claimedPod(orphans, "serving", "busy", now.minus(bound).minusSeconds(60), true);

        // the operator that takes over reconciles every tenant (here: a tenant it sees for the first time)
        client.resource(new TenantResource(orphans, new TenantSpec(null))).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(orphans).withName("abandoned")
                .get() == null);
        assertThat(client.pods().inNamespace(orphans).withName("recent").get()).as("its claimer may still be at it")
                .isNotNull();
        // no event comes for it: the sweep looks again when its claim is old enough
        await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(orphans).withName("recent")
                .get() == null);
        assertThat(client.pods().inNamespace(orphans).withName("serving").get()).isNotNull();
    }

    @Test
    void aClaimIsDatedWhenItIsMade() {
        atZero("dated");
        poolPod("pool-dated", true);
        Instant before = Instant.now();

        wake("dated");

        await().atMost(Duration.ofSeconds(20)).until(() -> pod("pool-dated") != null
                && WarmPool.claimedAt(pod("pool-dated")).isPresent());
        assertThat(WarmPool.claimedAt(pod("pool-dated")).orElseThrow()).isBetween(before.minusSeconds(1), Instant.now());
    }
}
