package dev.nubo.kubernetes.store;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.nubo.core.quota.Quota;
import dev.nubo.core.quota.QuotaStore;
import dev.nubo.core.quota.TenantSpec;
import dev.nubo.kubernetes.crd.TenantResource;

/**
 * The quotas on the Kubernetes backend: each namespace's Tenant carries its quota in {@code spec.quota}, which the
 * operator also turns into the namespace's ResourceQuota. Listeners hear of every Tenant change (whoever made it).
 */
public class TenantQuotaStore implements QuotaStore {

    private final TenantNamespaceStore tenants;

    public TenantQuotaStore(TenantNamespaceStore tenants) {
        this.tenants = tenants;
    }

    @Override
    public Quota get(String namespace) {
        return tenants.tenant(namespace).map(TenantQuotaStore::quota).orElse(Quota.NONE);
    }

    @Override
    public Map<String, Quota> all() {
        return tenants.tenants().stream().filter(t -> t.getSpec() != null && t.getSpec().quota() != null)
                .collect(Collectors.toMap(tenants::namespaceOf, TenantQuotaStore::quota));
    }

    /** A namespace without a Tenant has no quota to keep: nothing is written. */
    @Override
    public void put(String namespace, Quota quota) {
        tenants.editSpec(namespace, spec -> new TenantSpec(quota));
    }

    @Override
    public void forget(String namespace) {
        tenants.editSpec(namespace, spec -> new TenantSpec(null));
    }

    @Override
    public void subscribe(Consumer<String> listener) {
        tenants.subscribe(tenant -> listener.accept(tenants.namespaceOf(tenant)));
    }

    private static Quota quota(TenantResource tenant) {
        return tenant.getSpec() == null ? Quota.NONE : tenant.getSpec().quotaOrNone();
    }
}
