package dev.nubo.kubernetes.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.function.service.FunctionInvoker;
import dev.nubo.core.function.service.InvokeProperties;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.kubernetes.endpoint.KubernetesFunctionEndpoints;
import dev.nubo.kubernetes.logs.PodFunctionLogs;
import dev.nubo.kubernetes.store.KubernetesStoreConfiguration;

/**
 * The API's, console's and triggers service's view of the cluster ({@code nubo.backend=kubernetes}) as the
 * auto-configuration gives it, on the fabric8 mock API server (CRUD mode): a function stored through the store is
 * invoked the way the API's and the console's invoke call it ({@link FunctionInvoker} over the
 * {@link FunctionEndpoints} bean) on the pod its EndpointSlice names — a real HTTP server playing the pod —, with one
 * watch on the Functions for the store and the endpoints together; the runtimes offered are the configured ones.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesServicesTest {

    static final String NS = "fns";

    KubernetesClient client;
    KubernetesMockServer server;
    private HttpServer pod;

    private ApplicationContextRunner services() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KubernetesStoreConfiguration.class,
                        KubernetesServicesConfiguration.class))
                .withBean(KubernetesClient.class, () -> client, d -> d.setDestroyMethodName(""))
                .withPropertyValues("nubo.backend=kubernetes",
                        "nubo.kubernetes.runtimes[0].id=python3.11", "nubo.kubernetes.runtimes[0].language=python",
                        "nubo.kubernetes.runtimes[0].version=3.11", "nubo.kubernetes.runtimes[0].deps-file=requirements.txt",
                        "nubo.kubernetes.runtimes[0].file-extension=py",
                        "nubo.kubernetes.runtimes[1].id=nodejs20", "nubo.kubernetes.runtimes[1].language=nodejs",
                        "nubo.kubernetes.runtimes[1].version=20", "nubo.kubernetes.runtimes[1].file-extension=js");
    }

    @BeforeEach
    void startPod() throws IOException {
        pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pod.createContext("/", exchange -> {
            byte[] body = ("pod says " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pod.start();
    }

    @AfterEach
    void stopPod() {
        pod.stop(0);
    }

    @Test
    void theApiAndConsoleInvokeReachesThePodOfTheFunctionsEndpointSlice() throws InterruptedException {
        services().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(FunctionEndpoints.class)).isInstanceOf(KubernetesFunctionEndpoints.class);
            assertThat(context.getBean(FunctionLogs.class)).isInstanceOf(PodFunctionLogs.class);
            context.getBean(NamespaceStore.class).create(NS);
            context.getBean(FunctionStore.class).create(TestFunctions.hello(NS, "hello"));
            client.resource(new EndpointSliceBuilder().withNewMetadata().withName("hello-x1").withNamespace(NS)
                    .addToLabels("kubernetes.io/service-name", "hello").endMetadata().withAddressType("IPv4")
                    .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                    .endEndpoint()
                    .addNewPort().withName("http").withProtocol("TCP").withPort(pod.getAddress().getPort()).endPort()
                    .build()).create();
            FunctionEndpoints endpoints = context.getBean(FunctionEndpoints.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoints.route(NS, "hello")
                    .map(r -> r.ready()).orElse(false));

            // what the API's /invoke and the console's invoke form call, wired as FunctionUseCases wires it
            FunctionInvoker invoker = new FunctionInvoker(context.getBeanProvider(FunctionEndpoints.class),
                    new InvokeProperties(Duration.ofSeconds(1), Duration.ofSeconds(10)));
            FunctionInvoker.Answer answer = invoker.invoke(NS, "hello",
                    new FunctionInvoker.Invocation("GET", "/greet", null, new byte[0]));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("pod says GET /greet");

            // deleted through the store: the route goes with the store's event
            context.getBean(FunctionStore.class).delete(NS, "hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoints.route(NS, "hello").isEmpty());
        });
        assertThat(functionWatches()).as("one watch on the Functions: the store's, which the endpoints follow")
                .isEqualTo(1);
    }

    @Test
    void theRuntimesOfferedAreTheConfiguredOnesAndKubelessIdsFindTheNearest() {
        services().run(context -> {
            RuntimeCatalog catalog = context.getBean(RuntimeCatalog.class);
            assertThat(catalog.runtimes()).extracting(r -> r.id()).containsExactly("python3.11", "nodejs20");
            assertThat(catalog.find("python3.11")).hasValueSatisfying(r -> {
                assertThat(r.depsFile()).isEqualTo("requirements.txt");
                assertThat(r.fileExtension()).isEqualTo("py");
            });
            assertThat(catalog.nearest("python3.7")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("python3.11"));
            assertThat(catalog.nearest("nodejs12")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("nodejs20"));
            assertThat(catalog.nearest("ruby2.7")).isEmpty();
        });
        services().withPropertyValues("nubo.kubernetes.runtimes[2].id=ruby", "nubo.kubernetes.runtimes[2].language=ruby",
                "nubo.kubernetes.runtimes[2].version=3.1").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("nubo.kubernetes.runtimes"));
    }

    @Test
    void onTheLocalBackendTheClusterIsNotAsked() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KubernetesStoreConfiguration.class,
                        KubernetesServicesConfiguration.class))
                .withBean(KubernetesClient.class, () -> client, d -> d.setDestroyMethodName(""))
                .withPropertyValues("nubo.backend=local")
                .run(context -> assertThat(context).doesNotHaveBean(FunctionEndpoints.class)
                        .doesNotHaveBean(FunctionLogs.class).doesNotHaveBean(RuntimeCatalog.class));
    }

    /** The watch requests the mock API server got for Function resources. */
    private int functionWatches() throws InterruptedException {
        List<String> watches = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            String path = request.getPath();
            if (path.contains("/functions?") && path.contains("watch=true")) {
                watches.add(path);
            }
        }
        return watches.size();
    }
}
