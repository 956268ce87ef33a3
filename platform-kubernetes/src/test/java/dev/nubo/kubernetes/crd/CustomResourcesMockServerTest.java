package dev.nubo.kubernetes.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.function.Resources;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.model.Condition;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/** The chart's CRDs load, and the core records travel through the Kubernetes API as they are. */
@EnableKubernetesMockClient(crud = true)
class CustomResourcesMockServerTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void functionAndStatusRoundTripThroughTheApi() throws Exception {
        for (String file : List.of("functions.nubo.dev-v1.yml", "crontriggers.nubo.dev-v1.yml")) {
            try (InputStream in = Files.newInputStream(Path.of("../charts/nubo/crds", file))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.resource(crd).create();
            }
        }
        FunctionSpec spec = FunctionSpecBuilder.python("def handler(e, c): return 'hi'").deps("requests==2.32.3")
                .env(Map.of("GREETING", "hi")).timeoutSeconds(30).resources(new Resources("128Mi", "250m"))
                .scaling(new Scaling(1, 3, 10, 300)).build();
        client.resource(new FunctionResource("fns", "hello", spec)).create();
        FunctionResource stored = client.resources(FunctionResource.class).inNamespace("fns").withName("hello").get();
        assertThat(stored.getSpec()).isEqualTo(spec);

        Instant since = Instant.parse("2026-12-04T06:00:00Z");
        FunctionStatus status = new FunctionStatus(FunctionPhase.Ready,
                List.of(new Condition("Ready", "True", "ReplicasReady", "1 of 1 ready", since)), 1L,
                new FunctionStatus.Replicas(1, 1), "hello.fns.svc.cluster.local:80");
        stored.setStatus(status);
        client.resource(stored).updateStatus();
        FunctionResource read = client.resources(FunctionResource.class).inNamespace("fns").withName("hello").get();
        assertThat(read.getStatus()).isEqualTo(status);
        // what a real API server validates against the CRD schema: date-time strings, not numbers
        assertThat(client.getKubernetesSerialization().asJson(read)).contains("\"lastTransitionTime\":\"2026-12-04T06:00:00Z\"");

        CronTriggerResource cron = new CronTriggerResource();
        cron.getMetadata().setName("tick");
        cron.getMetadata().setNamespace("fns");
        cron.setSpec(new CronTriggerSpec("hello", null, "*/5 * * * *", null, "plain text payload", null, null, null, null));
        client.resource(cron).create();
        CronTriggerResource readCron = client.resources(CronTriggerResource.class).inNamespace("fns").withName("tick").get();
        assertThat(readCron.getSpec().payload()).isEqualTo("plain text payload");
        assertThat(readCron.getStatus()).isNull();
        assertThat(TriggerStatus.pending().conditions()).isNotEmpty();
    }
}
