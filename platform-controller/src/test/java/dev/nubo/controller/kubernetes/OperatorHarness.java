package dev.nubo.controller.kubernetes;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;

/**
 * The operator as the controller runs it with {@code nubo.backend=kubernetes} (its Spring configuration), against
 * the fabric8 mock API server in CRUD mode, with the chart's CRDs installed. Counts finished reconciles per object.
 */
final class OperatorHarness implements AutoCloseable {

    static final String NAMESPACE = "fns";

    final Map<String, AtomicInteger> reconciles = new ConcurrentHashMap<>();
    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

    OperatorHarness(KubernetesClient client, String... properties) throws Exception {
        this(client, context -> { }, properties);
    }

    /** @param beans registers what the platform's other services would provide (e.g. the gateway's concurrency) */
    OperatorHarness(KubernetesClient client, java.util.function.Consumer<AnnotationConfigApplicationContext> beans,
            String... properties) throws Exception {
        installCrds(client);
        // a real API server serves a CRD only once it is established
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).ignoreExceptions()
                .until(() -> client.resources(dev.nubo.kubernetes.crd.NatsTriggerResource.class).inNamespace(NAMESPACE)
                        .list() != null);
        TestPropertyValues.of("nubo.backend=kubernetes", "nubo.kubernetes.namespaces=" + NAMESPACE,
                "nubo.kubernetes.runtime-images.python=registry.test/nubo-runtime-python:1.0",
                "nubo.kubernetes.ingress-class=nginx").and(properties).applyTo(context);
        context.registerBean(KubernetesClient.class, () -> client);
        context.registerBean(Metrics.class, () -> new Metrics() {
            @Override
            public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
                reconciles.computeIfAbsent(resource.getMetadata().getName(), n -> new AtomicInteger()).incrementAndGet();
            }
        });
        beans.accept(context);
        context.register(KubernetesOperatorConfiguration.class);
        context.refresh();
    }

    /** The chart's CRDs, as a cluster has them before the platform starts. */
    static void installCrds(KubernetesClient client) throws java.io.IOException {
        for (String crd : dev.nubo.kubernetes.crd.NuboCustomResources.crdFiles()) {
            try (InputStream in = Files.newInputStream(Path.of("../charts/nubo/crds", crd))) {
                client.resource(client.apiextensions().v1().customResourceDefinitions().load(in).item())
                        .createOr(r -> r.update());
            }
        }
    }

    int reconcilesOf(String name) {
        AtomicInteger count = reconciles.get(name);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        context.close();
    }
}
