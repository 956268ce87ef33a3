package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;

/**
 * Benchmark, not part of the test suite (its name ends in Bench): 1,000 Functions created against the fabric8 mock
 * API server, until every one has its ConfigMap, Deployment, Service and a status. Run with
 * {@code bench/operator/run.sh}; it writes bench/operator/RESULTS-operator.md.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorScaleBench {

    static KubernetesClient client;
    static KubernetesMockServer server;

    static final int FUNCTIONS = Integer.getInteger("nubo.bench.functions", 1000);

    @Test
    void thousandFunctionsReconciled() throws Exception {
        // the mock logs every request at INFO: that would be most of what is measured
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        try (OperatorHarness operator = new OperatorHarness(client)) {
            FunctionSpec spec = FunctionSpecBuilder.python("def handler(e, c):\n    return 'hi'\n").deps("")
                    .timeoutSeconds(30).build();
            Instant start = Instant.now();
            try (ExecutorService creators = Executors.newFixedThreadPool(8)) {
                IntStream.range(0, FUNCTIONS).forEach(i -> creators.submit(() ->
                        client.resource(new FunctionResource(OperatorHarness.NAMESPACE, "fn-" + i, spec)).create()));
            }
            Duration created = Duration.between(start, Instant.now());
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> client
                    .resources(FunctionResource.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                    .filter(f -> f.getStatus() != null).count() == FUNCTIONS);
            Duration reconciled = Duration.between(start, Instant.now());
            int deployments = client.apps().deployments().inNamespace(OperatorHarness.NAMESPACE).list().getItems().size();
            int services = client.services().inNamespace(OperatorHarness.NAMESPACE).list().getItems().size();
            int configMaps = client.configMaps().inNamespace(OperatorHarness.NAMESPACE).list().getItems().size();
            assertThat(List.of(deployments, services, configMaps)).containsOnly(FUNCTIONS);
            int reconciles = operator.reconciles.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum();

            String report = """
                    | functions | created (s) | all reconciled with status (s) | reconciles | deployments / services / config maps | load avg |
                    |---|---|---|---|---|---|
                    | %d | %.1f | **%.1f** | %d | %d / %d / %d | %s |
                    """.formatted(FUNCTIONS, created.toMillis() / 1000.0, reconciled.toMillis() / 1000.0, reconciles,
                    deployments, services, configMaps, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            System.out.println(report);
            Path out = Path.of(System.getProperty("nubo.bench.report", "target/RESULTS-operator.md"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, "# Operator: " + FUNCTIONS + " Functions against the fabric8 mock API server ("
                    + Instant.now() + ")\n\n" + report);
        }
    }
}
