package dev.nubo.kubernetes.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

import dev.nubo.core.quota.Quota;
import dev.nubo.kubernetes.crd.TenantResource;
import dev.nubo.kubernetes.function.DesiredHash;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionWorkloads;

/**
 * A Tenant's Kubernetes Namespace with its ResourceQuota (from the tenant's quota), LimitRange (the platform's
 * default function limits, so every pod counts against the quota) and NetworkPolicy (calls in only from the
 * platform's gateway/dispatchers/API; out to DNS, the internet and non-Nubo namespaces, never to the platform's own
 * services or another tenant), and a second NetworkPolicy that lets function pods alone reach the API pods on the
 * API's port (code downloads: a warm pool pod's {@code sourceUrl}, the {@code prepare-code} init container of code
 * too large for a ConfigMap). Pure: spec in, objects out.
 */
public final class TenantObjects {

    /** On a tenant's Namespace: the tenant's name. Other tenants' policies exclude namespaces carrying it. */
    public static final String TENANT = "nubo.dev/tenant";
    public static final String NAME = "nubo-tenant";
    /** The second NetworkPolicy: function pods to the API, for their code. */
    public static final String API_ACCESS = "nubo-tenant-api";
    /** The standard label of the chart's pods naming their component (nubo-api, nubo-triggers, …). */
    public static final String COMPONENT_NAME = "app.kubernetes.io/name";
    /** The standard label every namespace carries (Kubernetes ≥ 1.22). */
    public static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
    /**
     * Pods a surge may add over the replicas quota: a rolling update (maxSurge 1) starts the new pod before the old
     * one stops.
     */
    public static final int SURGE_PODS = 1;

    private TenantObjects() {
    }

    public static DesiredTenant desired(TenantResource tenant, TenantSettings settings) {
        String name = tenant.getMetadata().getName();
        Map<String, String> labels = labels(name);
        labels.put(NAMESPACE_NAME, name);
        // function pods meet the restricted Pod Security Standard: let the API server enforce it
        labels.put("pod-security.kubernetes.io/enforce", "restricted");
        Namespace namespace = DesiredHash.stamp(new NamespaceBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels)
                        .withOwnerReferences(FunctionLabels.ownedBy(tenant)).build())
                .build());
        Quota quota = tenant.getSpec() == null ? Quota.NONE : tenant.getSpec().quotaOrNone();
        ResourceQuota resourceQuota = resourceQuota(tenant, quota);
        return new DesiredTenant(namespace, resourceQuota == null ? null : DesiredHash.stamp(resourceQuota),
                DesiredHash.stamp(limitRange(tenant, settings)), DesiredHash.stamp(networkPolicy(tenant, settings)),
                DesiredHash.stamp(apiAccess(tenant, settings)));
    }

    /**
     * What the cluster can count of the quota: functions (Deployments), replicas (pods), memory (limits and requests).
     * Triggers, code size and calls per second have no Kubernetes counterpart: the API enforces the first two when
     * they are written, the gateway the last.
     */
    static ResourceQuota resourceQuota(TenantResource tenant, Quota quota) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        if (quota.functions() != null) {
            hard.put("count/deployments.apps", new Quantity(Integer.toString(quota.functions())));
            hard.put("services", new Quantity(Integer.toString(quota.functions())));
        }
        if (quota.replicas() != null) {
            hard.put("pods", new Quantity(Integer.toString(quota.replicas() + SURGE_PODS)));
        }
        if (quota.memory() != null) {
            hard.put("limits.memory", new Quantity(quota.memory()));
            hard.put("requests.memory", new Quantity(quota.memory()));
        }
        if (hard.isEmpty()) {
            return null;
        }
        return new ResourceQuotaBuilder().withMetadata(meta(tenant)).withNewSpec().withHard(hard).endSpec().build();
    }

    /** Limits (= requests, as on function containers) for any container that sets none. */
    static LimitRange limitRange(TenantResource tenant, TenantSettings settings) {
        Map<String, Quantity> defaults = new LinkedHashMap<>();
        defaults.put("memory", new Quantity(settings.defaultMemory()));
        defaults.put("cpu", new Quantity(settings.defaultCpu()));
        return new LimitRangeBuilder().withMetadata(meta(tenant)).withNewSpec()
                .addNewLimit().withType("Container").withDefault(defaults)
                .withDefaultRequest(new LinkedHashMap<>(defaults)).endLimit()
                .endSpec().build();
    }

    static NetworkPolicy networkPolicy(TenantResource tenant, TenantSettings settings) {
        var dns = new NetworkPolicyEgressRuleBuilder()
                .addToTo(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels(NAMESPACE_NAME, "kube-system").build())
                        .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build())
                        .build())
                .addToPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build())
                .addToPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build())
                .build();
        var ownNamespace = new NetworkPolicyEgressRuleBuilder()
                .addToTo(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().build()).build())
                .build();
        // namespaces that are neither a tenant nor the platform's: the user's own services in the cluster
        var otherNamespaces = new NetworkPolicyEgressRuleBuilder()
                .addToTo(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder()
                        .addNewMatchExpression().withKey(TENANT).withOperator("DoesNotExist").endMatchExpression()
                        .addNewMatchExpression().withKey(NAMESPACE_NAME).withOperator("NotIn")
                        .withValues(settings.platformNamespace()).endMatchExpression()
                        .build()).build())
                .build();
        var internet = new NetworkPolicyEgressRuleBuilder()
                .addToTo(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0")
                        .withExcept(settings.clusterCidrs()).endIpBlock().build())
                .build();
        List<NetworkPolicyEgressRule> egress = List.of(dns, ownNamespace, otherNamespaces, internet);
        return new NetworkPolicyBuilder()
                .withMetadata(meta(tenant))
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().build())
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .addNewFrom()
                .withNamespaceSelector(new LabelSelectorBuilder()
                        .addToMatchLabels(NAMESPACE_NAME, settings.platformNamespace()).build())
                .withPodSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey(COMPONENT_NAME)
                        .withOperator("In").withValues(settings.callers()).endMatchExpression().build())
                .endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(FunctionWorkloads.PORT)).endPort()
                .endIngress()
                .withEgress(egress)
                .endSpec()
                .build();
    }

    /**
     * Egress of function pods (pool pods are function pods) to the platform namespace's API pods on the API's port,
     * and nothing else: a policy of its own, so other pods of the namespace (the cluster's {@code default} may be a
     * tenant) gain nothing, and the tenant-wide policy still keeps every other platform pod out of reach. Policies
     * add up: a pod may open what any policy selecting it allows.
     */
    static NetworkPolicy apiAccess(TenantResource tenant, TenantSettings settings) {
        String name = tenant.getMetadata().getName();
        return new NetworkPolicyBuilder()
                .withMetadata(new ObjectMetaBuilder(meta(tenant)).withName(API_ACCESS).withNamespace(name).build())
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().addToMatchLabels(FunctionLabels.ROLE, "function").build())
                .withPolicyTypes("Egress")
                .addNewEgress()
                .addNewTo()
                .withNamespaceSelector(new LabelSelectorBuilder()
                        .addToMatchLabels(NAMESPACE_NAME, settings.platformNamespace()).build())
                .withPodSelector(new LabelSelectorBuilder().addToMatchLabels(COMPONENT_NAME, settings.api()).build())
                .endTo()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(settings.apiPort())).endPort()
                .endEgress()
                .endSpec()
                .build();
    }

    private static Map<String, String> labels(String tenant) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(TENANT, tenant);
        labels.put(FunctionLabels.MANAGED_BY, FunctionLabels.MANAGER);
        return labels;
    }

    private static ObjectMeta meta(TenantResource tenant) {
        String name = tenant.getMetadata().getName();
        return new ObjectMetaBuilder().withName(NAME).withNamespace(name).withLabels(labels(name))
                .withOwnerReferences(FunctionLabels.ownedBy(tenant)).build();
    }
}
