package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.quota.Quota;
import dev.nubo.core.quota.TenantSpec;
import dev.nubo.kubernetes.crd.TenantResource;
import dev.nubo.kubernetes.pool.WarmPool;
import dev.nubo.kubernetes.tenant.TenantObjects;

/** Tenants on the fabric8 mock API server (CRUD mode): a namespace per tenant, its quota, limits and policy. */
@EnableKubernetesMockClient(crud = true)
class TenantOperatorTest {

    static KubernetesClient client;
    static KubernetesMockServer server;
    static OperatorHarness operator;

    @BeforeAll
    static void start() throws Exception {
        operator = new OperatorHarness(client, "nubo.kubernetes.tenancy.platform-namespace=nubo-system",
                "nubo.kubernetes.source-url=http://nubo-api.nubo-system.svc:9090",
                "nubo.kubernetes.warm-pool-size=1", "nubo.kubernetes.runtime-images.go=registry.test/nubo-runtime-go:1.0");
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    private static ResourceQuota quota(String tenant) {
        return client.resources(ResourceQuota.class).inNamespace(tenant).withName(TenantObjects.NAME).get();
    }

    @Test
    void tenantGetsItsNamespaceQuotaLimitsAndPolicy() {
        client.resource(new TenantResource("team-a", new TenantSpec(new Quota(5, 10, 8, "4Gi", null)))).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.namespaces().withName("team-a").get()).isNotNull();
            assertThat(quota("team-a")).isNotNull();
            assertThat(client.resources(LimitRange.class).inNamespace("team-a").withName(TenantObjects.NAME).get())
                    .isNotNull();
            assertThat(client.resources(NetworkPolicy.class).inNamespace("team-a").withName(TenantObjects.NAME).get())
                    .isNotNull();
            TenantResource tenant = client.resources(TenantResource.class).withName("team-a").get();
            assertThat(tenant.getStatus()).isNotNull();
            assertThat(tenant.getStatus().namespace()).isEqualTo("team-a");
            assertThat(tenant.getStatus().conditions()).anySatisfy(c -> assertThat(c.status()).isEqualTo("True"));
        });
        assertThat(quota("team-a").getSpec().getHard()).containsEntry("count/deployments.apps", new Quantity("5"))
                .containsEntry("limits.memory", new Quantity("4Gi"));
        // a warm pool of the installed runtime (python) in the tenant's own namespace
        assertThat(client.apps().deployments().inNamespace("team-a").withName(WarmPool.name("python")).get()
                .getSpec().getReplicas()).isEqualTo(1);
        // none of a compiled runtime (go): its pods compile their own function before they serve
        assertThat(client.apps().deployments().inNamespace("team-a").withName(WarmPool.name("go")).get()).isNull();
        assertThat(client.resources(NetworkPolicy.class).inNamespace("team-a").withName(TenantObjects.NAME).get()
                .getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry(TenantObjects.NAMESPACE_NAME, "nubo-system");
        // function pods may fetch their code from the API pods, on the port of the source URL they are given
        NetworkPolicy api = client.resources(NetworkPolicy.class).inNamespace("team-a")
                .withName(TenantObjects.API_ACCESS).get();
        assertThat(api.getSpec().getPodSelector().getMatchLabels()).containsEntry("nubo.dev/role", "function");
        var peer = api.getSpec().getEgress().get(0).getTo().get(0);
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry(TenantObjects.NAMESPACE_NAME, "nubo-system");
        assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "nubo-api");
        assertThat(api.getSpec().getEgress().get(0).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9090));
    }

    @Test
    void quotaChangeUpdatesTheResourceQuotaAndNoQuotaRemovesIt() {
        client.resource(new TenantResource("team-b", new TenantSpec(new Quota(2, null, null, "1Gi", null)))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> quota("team-b") != null);

        client.resources(TenantResource.class).withName("team-b")
                .edit(t -> { t.setSpec(new TenantSpec(new Quota(3, null, null, "2Gi", null))); return t; });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(quota("team-b").getSpec().getHard())
                .containsEntry("count/deployments.apps", new Quantity("3"))
                .containsEntry("limits.memory", new Quantity("2Gi")));

        client.resources(TenantResource.class).withName("team-b")
                .edit(t -> { t.setSpec(new TenantSpec(null)); return t; });
        await().atMost(Duration.ofSeconds(20)).until(() -> quota("team-b") == null);
        assertThat(client.resources(LimitRange.class).inNamespace("team-b").withName(TenantObjects.NAME).get())
                .as("limits stay: they come from the platform, not the quota").isNotNull();
    }

    @Test
    void deletingTheTenantDeletesItsNamespace() {
        client.resource(new TenantResource("team-c", new TenantSpec(null))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.namespaces().withName("team-c").get() != null
                && client.resources(TenantResource.class).withName("team-c").get().getStatus() != null);

        client.resources(TenantResource.class).withName("team-c").delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.namespaces().withName("team-c").get()).isNull();
            assertThat(client.resources(TenantResource.class).withName("team-c").get()).isNull();
        });
    }

    @Test
    void aNamespaceTheTenantDidNotMakeIsLeftAlone() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("team-d").endMetadata().build()).create();
        client.resource(new TenantResource("team-d", new TenantSpec(null))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.resources(TenantResource.class).withName("team-d")
                .get().getStatus() != null);
        // the reconcile labelled it as the tenant's: from now on it is the tenant's
        assertThat(client.namespaces().withName("team-d").get().getMetadata().getLabels())
                .containsEntry(TenantObjects.TENANT, "team-d");
    }

    @Test
    void anInvalidQuotaIsReportedInStatusAndChangesNothing() {
        client.resource(new TenantResource("team-e", new TenantSpec(new Quota(2, null, null, "1Gi", null)))).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> quota("team-e") != null);

        client.resources(TenantResource.class).withName("team-e")
                .edit(t -> { t.setSpec(new TenantSpec(new Quota(-1, null, null, "lots", null))); return t; });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.resources(TenantResource.class)
                .withName("team-e").get().getStatus().conditions()).anySatisfy(c -> {
                    assertThat(c.status()).isEqualTo("False");
                    assertThat(c.reason()).isEqualTo("SpecInvalid");
                    assertThat(c.message()).contains("quota.functions", "quota.memory");
                }));
        assertThat(quota("team-e").getSpec().getHard()).containsEntry("limits.memory", new Quantity("1Gi"));
    }
}
