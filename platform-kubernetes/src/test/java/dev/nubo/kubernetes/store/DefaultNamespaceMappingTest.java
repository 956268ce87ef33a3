package dev.nubo.kubernetes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.function.Function;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.crd.TenantResource;
import dev.nubo.kubernetes.services.KubernetesServicesConfiguration;

/**
 * {@code nubo.kubernetes.default-namespace}: Nubo's {@code default} namespace lives in a Kubernetes namespace of its
 * own, not in the cluster's {@code default}. Users keep saying {@code default}; the cluster holds its Tenant, its
 * Functions, its pods' EndpointSlices in {@code nubo-default}; what sits in the cluster's {@code default} is not
 * Nubo's. Mock API server, CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class DefaultNamespaceMappingTest {

    KubernetesClient client;

    private ApplicationContextRunner services(String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KubernetesStoreConfiguration.class,
                        KubernetesServicesConfiguration.class))
                .withBean(KubernetesClient.class, () -> client, d -> d.setDestroyMethodName(""))
                .withPropertyValues("nubo.backend=kubernetes")
                .withPropertyValues(properties);
    }

    @Test
    void nubosDefaultIsTheConfiguredKubernetesNamespace() {
        // already in the cluster's default namespace, put there by someone else
        client.resource(new FunctionResource("default", "theirs", TestFunctions.hello("default", "theirs").spec()))
                .create();
        services("nubo.kubernetes.default-namespace=nubo-default").run(context -> {
            assertThat(context).hasNotFailed();
            NamespaceStore namespaces = context.getBean(NamespaceStore.class);
            FunctionStore functions = context.getBean(FunctionStore.class);
            assertThat(namespaces.list()).containsExactly("default");
            assertThat(client.resources(TenantResource.class).withName("nubo-default").get())
                    .as("the Tenant the operator turns into the Kubernetes namespace").isNotNull();
            assertThat(client.resources(TenantResource.class).withName("default").get()).isNull();

            Function created = functions.create(TestFunctions.hello("default", "hello"));
            assertThat(created.metadata().namespace()).isEqualTo("default");
            assertThat(client.resources(FunctionResource.class).inNamespace("nubo-default").withName("hello").get())
                    .isNotNull();
            assertThat(client.resources(FunctionResource.class).inNamespace("default").withName("hello").get())
                    .isNull();
            // a kubectl write in nubo-default is Nubo's default; the one in the cluster's default never shows
            client.resource(new FunctionResource("nubo-default", "applied",
                    TestFunctions.hello("default", "applied").spec())).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> functions.get("default", "applied").isPresent());
            assertThat(functions.list("default")).extracting(Function::name).containsExactly("applied", "hello");
            assertThat(functions.listAll()).extracting(f -> f.metadata().namespace()).containsOnly("default");
            // the Kubernetes name is no second name for default
            assertThat(namespaces.exists("nubo-default")).isFalse();
            assertThat(functions.list("nubo-default")).isEmpty();
            assertThat(functions.get("nubo-default", "hello")).isEmpty();
            assertThatThrownBy(() -> namespaces.create("nubo-default")).isInstanceOf(ProblemException.class);

            // the gateway's and invoke's routes, and a wake, speak Nubo's name too
            client.resource(new EndpointSliceBuilder().withNewMetadata().withName("hello-x1")
                    .withNamespace("nubo-default").addToLabels("kubernetes.io/service-name", "hello").endMetadata()
                    .withAddressType("IPv4").addNewEndpoint().withAddresses("10.1.2.3").endEndpoint()
                    .addNewPort().withName("http").withPort(8080).endPort().build()).create();
            FunctionEndpoints endpoints = context.getBean(FunctionEndpoints.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoints.route("default", "hello")
                    .map(r -> r.ready()).orElse(false));
            assertThat(endpoints.route("default", "theirs")).isEmpty();
            context.getBean(FunctionWaker.class).wake("default", "hello");
            Map<String, String> annotations = client.resources(FunctionResource.class).inNamespace("nubo-default")
                    .withName("hello").get().getMetadata().getAnnotations();
            assertThat(annotations).containsKey(FunctionWaker.WAKE_ANNOTATION);

            assertThat(functions.delete("default", "hello")).isPresent();
            assertThat(client.resources(FunctionResource.class).inNamespace("nubo-default").withName("hello").get())
                    .isNull();
        });
    }

    @Test
    void withoutTheSettingDefaultIsTheClustersDefault() {
        services().run(context -> {
            context.getBean(FunctionStore.class).create(TestFunctions.hello("default", "hello"));
            assertThat(client.resources(FunctionResource.class).inNamespace("default").withName("hello").get())
                    .isNotNull();
            assertThat(client.resources(TenantResource.class).withName("default").get()).isNotNull();
        });
    }
}
