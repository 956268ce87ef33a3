package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.function.FunctionStatusFromCluster;

/**
 * The operator against a real cluster (K3s in Docker): what the mock server cannot show — the kubelet's own image
 * pull failure reaching the Function's status, and the garbage collector deleting everything with the Function.
 * Skipped where no Docker engine runs (this build machine); FunctionOperatorTest covers the rest on the mock server.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sOperatorTest {

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

    static KubernetesClient client;
    static OperatorHarness operator;

    @BeforeAll
    static void start() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(OperatorHarness.NAMESPACE).endMetadata()
                .build()).create();
        // an image that does not exist: the kubelet's ImagePullBackOff must reach the Function's status
        operator = new OperatorHarness(client,
                "nubo.kubernetes.runtime-images.python=registry.invalid/nubo/no-such-runtime:0");
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void anUnpullableImageFailsTheFunctionAndDeletingItDeletesItsObjects() {
        var spec = FunctionSpecBuilder.python("def handler(e, c):\n    return 'hi'\n").build();
        client.resource(new FunctionResource(OperatorHarness.NAMESPACE, "hello", spec)).create();

        await().atMost(Duration.ofMinutes(3)).until(() -> {
            var status = client.resources(FunctionResource.class).inNamespace(OperatorHarness.NAMESPACE)
                    .withName("hello").get().getStatus();
            return status != null && status.phase() == FunctionPhase.Failed;
        });
        var ready = Conditions.find(client.resources(FunctionResource.class).inNamespace(OperatorHarness.NAMESPACE)
                .withName("hello").get().getStatus().conditions(), FunctionConditions.READY).orElseThrow();
        assertThat(ready.reason()).isEqualTo(FunctionStatusFromCluster.REASON_IMAGE_PULL_FAILED);
        assertThat(ready.message()).contains("registry.invalid/nubo/no-such-runtime:0");

        client.resources(FunctionResource.class).inNamespace(OperatorHarness.NAMESPACE).withName("hello").delete();
        await().atMost(Duration.ofMinutes(2)).until(() -> client.resources(Deployment.class)
                .inNamespace(OperatorHarness.NAMESPACE).withName("hello").get() == null
                && client.configMaps().inNamespace(OperatorHarness.NAMESPACE).withName("hello").get() == null
                && client.services().inNamespace(OperatorHarness.NAMESPACE).withName("hello").get() == null);
    }
}
