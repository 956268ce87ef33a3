package dev.nubo.kubernetes.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

import dev.nubo.core.quota.Quota;
import dev.nubo.core.quota.TenantSpec;
import dev.nubo.kubernetes.crd.TenantResource;
import dev.nubo.kubernetes.function.DesiredHash;

class TenantObjectsTest {

    static final TenantSettings SETTINGS = new TenantSettings("nubo", List.of("nubo-triggers", "nubo-api"), "256Mi",
            "500m", List.of("10.0.0.0/8"), "nubo-api", 9090);

    static TenantResource tenant(String name, Quota quota) {
        TenantResource tenant = new TenantResource(name, new TenantSpec(quota));
        tenant.getMetadata().setUid("uid-" + name);
        return tenant;
    }

    @Test
    void namespaceIsNamedAfterTheTenantLabelledAsOneAndOwnedByIt() {
        DesiredTenant desired = TenantObjects.desired(tenant("team-a", Quota.NONE), SETTINGS);

        assertThat(desired.namespace().getMetadata().getName()).isEqualTo("team-a");
        assertThat(desired.namespace().getMetadata().getLabels())
                .containsEntry(TenantObjects.TENANT, "team-a")
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(desired.namespace().getMetadata().getOwnerReferences())
                .singleElement().satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Tenant");
                    assertThat(owner.getUid()).isEqualTo("uid-team-a");
                });
        assertThat(List.of(desired.limits(), desired.networkPolicy(), desired.apiAccess()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("team-a"));
    }

    @Test
    void quotaBecomesHardLimitsTheClusterCounts() {
        DesiredTenant desired = TenantObjects.desired(tenant("team-a", new Quota(5, 10, 8, "4Gi", 1000L)), SETTINGS);

        Map<String, Quantity> hard = desired.quota().getSpec().getHard();
        assertThat(hard).containsEntry("count/deployments.apps", new Quantity("5"))
                .containsEntry("services", new Quantity("5"))
                .containsEntry("pods", new Quantity("9")) // 8 replicas + one rolling update's surge pod
                .containsEntry("limits.memory", new Quantity("4Gi"))
                .containsEntry("requests.memory", new Quantity("4Gi"));
        assertThat(hard).hasSize(5);
    }

    @Test
    void noQuotaNoResourceQuotaButLimitsStillDefaulted() {
        DesiredTenant desired = TenantObjects.desired(tenant("team-a", null), SETTINGS);

        assertThat(desired.quota()).isNull();
        var limit = desired.limits().getSpec().getLimits().get(0);
        assertThat(limit.getType()).isEqualTo("Container");
        assertThat(limit.getDefault()).containsEntry("memory", new Quantity("256Mi")).containsEntry("cpu", new Quantity("500m"));
        assertThat(limit.getDefaultRequest()).isEqualTo(limit.getDefault());
    }

    @Test
    void quotaChangeChangesTheDesiredHash() {
        var before = TenantObjects.desired(tenant("team-a", new Quota(5, null, null, null, null)), SETTINGS);
        var same = TenantObjects.desired(tenant("team-a", new Quota(5, null, null, null, null)), SETTINGS);
        var after = TenantObjects.desired(tenant("team-a", new Quota(6, null, null, null, null)), SETTINGS);

        assertThat(DesiredHash.upToDate(same.quota(), before.quota())).isTrue();
        assertThat(DesiredHash.upToDate(after.quota(), before.quota())).isFalse();
    }

    @Test
    void onlyThePlatformsCallersReachFunctionPods() {
        var spec = TenantObjects.desired(tenant("team-a", Quota.NONE), SETTINGS).networkPolicy().getSpec();

        assertThat(spec.getPodSelector().getMatchLabels()).isNullOrEmpty(); // every pod of the tenant
        assertThat(spec.getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(spec.getIngress()).singleElement().satisfies(rule -> {
            NetworkPolicyPeer from = rule.getFrom().get(0);
            assertThat(rule.getFrom()).hasSize(1);
            assertThat(from.getNamespaceSelector().getMatchLabels()).containsEntry(TenantObjects.NAMESPACE_NAME, "nubo");
            assertThat(from.getPodSelector().getMatchExpressions()).singleElement()
                    .satisfies(e -> assertThat(e.getValues()).containsExactly("nubo-triggers", "nubo-api"));
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
        });
    }

    @Test
    void egressAllowsDnsAndTheInternetButNotThePlatformNorOtherTenants() {
        var egress = TenantObjects.desired(tenant("team-a", Quota.NONE), SETTINGS).networkPolicy().getSpec().getEgress();

        // DNS: kube-dns in kube-system, port 53 both protocols
        assertThat(egress.get(0).getTo().get(0).getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");
        assertThat(egress.get(0).getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53");
        // other namespaces only when neither a tenant's nor the platform's (API, Kafka, PostgreSQL live there)
        List<LabelSelectorRequirement> namespaces = egress.stream().flatMap(r -> r.getTo().stream())
                .filter(peer -> peer.getNamespaceSelector() != null
                        && peer.getNamespaceSelector().getMatchExpressions() != null
                        && !peer.getNamespaceSelector().getMatchExpressions().isEmpty())
                .flatMap(peer -> peer.getNamespaceSelector().getMatchExpressions().stream()).toList();
        assertThat(namespaces).extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
                .containsExactly("nubo.dev/tenant DoesNotExist []", "kubernetes.io/metadata.name NotIn [nubo]");
        // outside the cluster: everything but the cluster's own ranges
        var ipBlocks = egress.stream().flatMap(r -> r.getTo().stream()).filter(p -> p.getIpBlock() != null).toList();
        assertThat(ipBlocks).singleElement().satisfies(p -> {
            assertThat(p.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
            assertThat(p.getIpBlock().getExcept()).containsExactly("10.0.0.0/8");
        });
        // no rule admits every namespace
        assertThat(egress.stream().flatMap(r -> r.getTo().stream()))
                .noneMatch(p -> p.getNamespaceSelector() != null && p.getNamespaceSelector().getMatchLabels() == null
                        && p.getNamespaceSelector().getMatchExpressions().isEmpty());
    }

    @Test
    void functionPodsAloneMayReachTheApiPodsOnTheApisPortAndNothingElseOfThePlatform() {
        var desired = TenantObjects.desired(tenant("team-a", Quota.NONE), SETTINGS);
        var policy = desired.apiAccess();

        assertThat(policy.getMetadata().getName()).isEqualTo(TenantObjects.API_ACCESS);
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("uid-team-a"));
        var spec = policy.getSpec();
        // function pods (pool pods carry the same role), not whatever else runs in the namespace
        assertThat(spec.getPodSelector().getMatchLabels()).containsExactly(Map.entry("nubo.dev/role", "function"));
        assertThat(spec.getPodSelector().getMatchExpressions()).isNullOrEmpty();
        // egress only: it admits no caller
        assertThat(spec.getPolicyTypes()).containsExactly("Egress");
        assertThat(spec.getIngress()).isNullOrEmpty();
        assertThat(spec.getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry(TenantObjects.NAMESPACE_NAME, "nubo"));
                assertThat(peer.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
                assertThat(peer.getPodSelector().getMatchLabels())
                        .containsExactly(Map.entry("app.kubernetes.io/name", "nubo-api"));
                assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getProtocol()).isEqualTo("TCP");
                assertThat(port.getPort().getIntVal()).isEqualTo(9090);
                assertThat(port.getEndPort()).isNull();
            });
        });
        // the tenant-wide policy still keeps the platform namespace out of every other rule
        assertThat(desired.networkPolicy().getSpec().getEgress().stream().flatMap(r -> r.getTo().stream()))
                .noneMatch(peer -> peer.getNamespaceSelector() != null
                        && peer.getNamespaceSelector().getMatchLabels() != null
                        && "nubo".equals(peer.getNamespaceSelector().getMatchLabels().get(TenantObjects.NAMESPACE_NAME)));
    }

    @Test
    void theApisPortAndNameAreTheSettingsAndPartOfTheDesiredHash() {
        var other = new TenantSettings("platform", SETTINGS.callers(), "256Mi", "500m", SETTINGS.clusterCidrs(),
                "my-api", 8443);
        var before = TenantObjects.desired(tenant("team-a", Quota.NONE), SETTINGS).apiAccess();
        var after = TenantObjects.desired(tenant("team-a", Quota.NONE), other).apiAccess();

        var peer = after.getSpec().getEgress().get(0).getTo().get(0);
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry(TenantObjects.NAMESPACE_NAME, "platform");
        assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "my-api");
        assertThat(after.getSpec().getEgress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(8443);
        assertThat(DesiredHash.upToDate(after, before)).as("a changed port is rewritten").isFalse();
    }
}
