package dev.nubo.triggers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.annotation.Import;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.endpoint.KubernetesFunctionEndpoints;
import dev.nubo.kubernetes.function.FunctionResourceWaker;
import dev.nubo.triggers.gateway.GatewayFixture;

/**
 * The gateway in a cluster, on the fabric8 mock API server (CRUD mode) with the triggers service's own Kubernetes
 * wiring: routes from Function resources and EndpointSlices, a call to a function at zero held while the wake
 * annotation is written once, and released when an EndpointSlice (written by the test, as the endpoint controller
 * would) shows a ready endpoint — a real HTTP server playing the pod. Its calls show on {@code /_nubo/concurrency}.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesGatewayTest {

    static KubernetesClient client;
    static final String NS = "fns";
    static final String TOKEN = "internal-secret";
    static final AtomicInteger wakes = new AtomicInteger();

    static ConfigurableApplicationContext service;
    static GatewayFixture gateway;
    static HttpServer pod;

    /**
     * The triggers service's Kubernetes side as TriggersApplication loads it (its web port serves the counts): the
     * store and the endpoints over it come from platform-kubernetes' auto-configuration.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({KubernetesGatewayConfiguration.class, ConcurrencyEndpoint.class})
    static class TriggersKubernetesSide {
    }

    @BeforeAll
    static void start() throws IOException {
        pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pod.createContext("/", exchange -> {
            byte[] body = ("hello from the pod " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pod.start();
        FunctionWaker resourceWaker = new FunctionResourceWaker(client, java.time.Clock.systemUTC());
        service = new SpringApplicationBuilder(TriggersKubernetesSide.class)
                .properties("server.port=0", "nubo.backend=kubernetes", "nubo.kubernetes.namespaces=" + NS,
                        "nubo.distributed.internal-token=" + TOKEN, "spring.main.banner-mode=off", "spring.flyway.enabled=false")
                .initializers(context -> {
                    GenericApplicationContext generic = (GenericApplicationContext) context;
                    generic.registerBean(KubernetesClient.class, () -> client, d -> d.setDestroyMethodName(""));
                    // counts the wakes, writes them as the service does
                    generic.registerBean(FunctionWaker.class, () -> (ns, fn) -> {
                        wakes.incrementAndGet();
                        resourceWaker.wake(ns, fn);
                    });
                })
                .run();
        gateway = GatewayFixture.start(service.getBean(KubernetesFunctionEndpoints.class),
                Map.of("wake-timeout", "60s"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (service != null) {
            service.close();
        }
        if (pod != null) {
            pod.stop(0);
        }
    }

    static void createScaledToZero(String name) {
        FunctionResource function = new FunctionResource(NS, name, FunctionSpecBuilder.python(
                "def handler(e, c):\n    return 'hi'\n").timeoutSeconds(30).scaling(new Scaling(0, 3, 10, 60)).build());
        function.setStatus(new FunctionStatus(FunctionPhase.ScaledToZero, List.of(), 1L,
                new FunctionStatus.Replicas(0, 0), null));
        client.resource(function).create();
    }

    static void endpointSlice(String function, boolean ready) {
        endpointSlice(function, ready, pod.getAddress().getPort());
    }

    static void endpointSlice(String function, boolean ready, int port) {
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName(function + "-abcde")
                .withNamespace(NS).addToLabels("kubernetes.io/service-name", function).endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(ready).endConditions()
                .endEndpoint()
                .addNewPort().withName("http").withProtocol("TCP").withPort(port).endPort()
                .build();
        client.resource(slice).createOr(existing -> existing.update());
    }

    static String wakeAnnotation(String name) {
        Map<String, String> annotations = client.resources(FunctionResource.class).inNamespace(NS).withName(name).get()
                .getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(FunctionWaker.WAKE_ANNOTATION);
    }

    static String concurrency() {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpResponse<String> answer = GatewayFixture.send(GatewayFixture.newClient(), HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + ConcurrencyEndpoint.PATH))
                .header(DistributedProperties.TOKEN_HEADER, TOKEN).build());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void aCallToAFunctionAtZeroIsHeldWakesItOnceAndIsAnsweredWhenAnEndpointIsReady() {
        createScaledToZero("sleepy");
        await().atMost(Duration.ofSeconds(10)).until(() -> service.getBean(KubernetesFunctionEndpoints.class)
                .route(NS, "sleepy").isPresent());
        int wakesBefore = wakes.get();

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(gateway.client().sendAsync(gateway.request("/" + NS + "/sleepy/hi").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> wakeAnnotation("sleepy") != null);
        // the three held calls show as held (not failed, not in flight) where the operator's poller reads them
        await().atMost(Duration.ofSeconds(10)).until(() -> concurrency().contains(
                "\"name\":\"sleepy\"") && concurrency().matches(".*\"waiting\":3.*"));
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        assertThat(wakes.get() - wakesBefore).as("one wake for the calls held together").isEqualTo(1);

        // the kubelet and endpoint controller: a replica is ready
        endpointSlice("sleepy", true);
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from the pod /hi");
            assertThat(response.headers().firstValue("Nubo-Cold-Start")).hasValue("true");
        }
        assertThat(gateway.get("/" + NS + "/sleepy/again").body()).isEqualTo("hello from the pod /again");

        // scaled back to zero: its endpoint is no longer ready, the route is wakeable again and a call wakes it anew
        endpointSlice("sleepy", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.getBean(KubernetesFunctionEndpoints.class)
                .route(NS, "sleepy").map(r -> !r.ready() && r.wakeable()).orElse(false));
        int wakesAtZero = wakes.get();
        CompletableFuture<HttpResponse<String>> again = gateway.client().sendAsync(
                gateway.request("/" + NS + "/sleepy/back").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> wakes.get() == wakesAtZero + 1);
        assertThat(again).isNotDone();
        endpointSlice("sleepy", true);
        assertThat(again.join().statusCode()).isEqualTo(200);
    }

    @Test
    void aPodIsGivenNoMoreCallsAtOnceThanItsFunctionsContainerConcurrency() throws Exception {
        // a pod that serves calls side by side and holds each until released: what reaches it shows the cap
        AtomicInteger arrived = new AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer slowPod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowPod.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slowPod.createContext("/", exchange -> {
            arrived.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slowPod.start();
        try {
            FunctionResource function = new FunctionResource(NS, "capped", FunctionSpecBuilder.python(
                    "def handler(e, c):\n    return 'hi'\n").timeoutSeconds(30)
                    .scaling(new Scaling(1, 1, 10, 60, 1)).build());
            function.setStatus(new FunctionStatus(FunctionPhase.Ready, List.of(), 1L,
                    new FunctionStatus.Replicas(1, 1), null));
            client.resource(function).create();
            endpointSlice("capped", true, slowPod.getAddress().getPort());
            await().atMost(Duration.ofSeconds(10)).until(() -> service.getBean(KubernetesFunctionEndpoints.class)
                    .route(NS, "capped").map(r -> r.ready() && r.containerConcurrency() == 1).orElse(false));

            CompletableFuture<HttpResponse<String>> first = gateway.client().sendAsync(
                    gateway.request("/" + NS + "/capped/1").build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == 1);
            CompletableFuture<HttpResponse<String>> second = gateway.client().sendAsync(
                    gateway.request("/" + NS + "/capped/2").build(), HttpResponse.BodyHandlers.ofString());
            // the second call waits at the gateway for the pod's one place, not at the pod
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> arrived.get() == 1);
            assertThat(second).isNotDone();

            release.countDown();
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(arrived).hasValue(2);
        } finally {
            release.countDown();
            slowPod.stop(0);
        }
    }

    @Test
    void anUnknownFunctionIsNotFoundAndAFailedOneIsNotHeld() {
        HttpResponse<String> missing = gateway.get("/" + NS + "/nobody");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("FUNCTION_NOT_FOUND");

        FunctionResource broken = new FunctionResource(NS, "broken", FunctionSpecBuilder.python("x")
                .timeoutSeconds(30).scaling(new Scaling(0, 3, 10, 60)).build());
        broken.setStatus(new FunctionStatus(FunctionPhase.Failed, List.of(dev.nubo.core.model.Condition.of("Ready",
                "False", "ImagePullFailed", "image nubo/python:missing cannot be pulled")), 1L,
                new FunctionStatus.Replicas(0, 0), null));
        client.resource(broken).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.getBean(KubernetesFunctionEndpoints.class)
                .route(NS, "broken").isPresent());
        HttpResponse<String> failed = gateway.get("/" + NS + "/broken");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).contains("FUNCTION_NOT_READY").contains("cannot be pulled");
    }

    @Test
    void theTriggersModuleTakesItsEndpointsFromTheClusterOnTheKubernetesBackendOnly() {
        var runner = new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withUserConfiguration(dev.nubo.triggers.TriggersModule.class)
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                        dev.nubo.kubernetes.store.KubernetesStoreConfiguration.class,
                        dev.nubo.kubernetes.services.KubernetesServicesConfiguration.class))
                .withBean(KubernetesClient.class, () -> client, d -> d.setDestroyMethodName(""))
                .withPropertyValues("nubo.gateway.port=0", "nubo.gateway.io-threads=1", "nubo.cron.enabled=false",
                        "nubo.kafka.enabled=false", "nubo.nats.enabled=false", "nubo.kubernetes.namespaces=" + NS);
        runner.withPropertyValues("nubo.backend=kubernetes").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(dev.nubo.core.endpoint.FunctionEndpoints.class))
                    .isInstanceOf(KubernetesFunctionEndpoints.class);
            assertThat(context).hasSingleBean(FunctionWaker.class).hasSingleBean(ConcurrencyEndpoint.class);
        });
        runner.withPropertyValues("nubo.backend=local")
                .withBean(dev.nubo.core.endpoint.FunctionEndpoints.class,
                        () -> new dev.nubo.triggers.gateway.StaticFunctionEndpoints())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(KubernetesFunctionEndpoints.class)
                            .doesNotHaveBean(ConcurrencyEndpoint.class).doesNotHaveBean(FunctionWaker.class);
                });
    }

    @Test
    void aHeldCallEndsWithTheReasonWhenItsFunctionFailsOrIsDeleted() {
        createScaledToZero("doomed");
        createScaledToZero("gone");
        await().atMost(Duration.ofSeconds(10)).until(() -> service.getBean(KubernetesFunctionEndpoints.class)
                .route(NS, "gone").isPresent() && service.getBean(KubernetesFunctionEndpoints.class)
                .route(NS, "doomed").isPresent());
        CompletableFuture<HttpResponse<String>> failing = gateway.client().sendAsync(
                gateway.request("/" + NS + "/doomed").build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> deleted = gateway.client().sendAsync(
                gateway.request("/" + NS + "/gone").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> wakeAnnotation("doomed") != null
                && wakeAnnotation("gone") != null);

        // the operator reports the replica cannot start: the held call ends now (not after wake-timeout) with why
        client.resources(FunctionResource.class).inNamespace(NS).withName("doomed").editStatus(f -> {
            f.setStatus(new FunctionStatus(FunctionPhase.Failed, List.of(dev.nubo.core.model.Condition.of("Ready",
                    "False", "ImagePullFailed", "image nubo/python:missing cannot be pulled")), 1L,
                    new FunctionStatus.Replicas(0, 1), null));
            return f;
        });
        client.resources(FunctionResource.class).inNamespace(NS).withName("gone").delete();

        HttpResponse<String> failed = failing.join();
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).contains("cannot be pulled");
        HttpResponse<String> gone = deleted.join();
        assertThat(gone.statusCode()).isEqualTo(503);
        assertThat(gone.body()).contains("was deleted");
        assertThat(gateway.get("/" + NS + "/gone").statusCode()).isEqualTo(404);
    }

    @Test
    void theCountsNeedTheInternalToken() {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpResponse<String> answer = GatewayFixture.send(GatewayFixture.newClient(), HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + ConcurrencyEndpoint.PATH)).build());
        assertThat(answer.statusCode()).isEqualTo(401);
    }
}
