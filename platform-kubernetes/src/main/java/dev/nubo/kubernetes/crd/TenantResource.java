package dev.nubo.kubernetes.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import dev.nubo.core.quota.TenantSpec;
import dev.nubo.core.quota.TenantStatus;

/**
 * A Nubo namespace (tenant) on Kubernetes, cluster-scoped: the Tenant {@code team-a} owns the Kubernetes Namespace
 * {@code team-a} and the ResourceQuota, LimitRange and NetworkPolicy in it.
 */
@Group(NuboCustomResources.GROUP)
@Version(NuboCustomResources.VERSION)
@Kind("Tenant")
@Plural("tenants")
@Singular("tenant")
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".status.namespace")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TenantResource extends CustomResource<TenantSpec, TenantStatus> {

    public TenantResource() {
    }

    public TenantResource(String name, TenantSpec spec) {
        getMetadata().setName(name);
        setSpec(spec);
    }
}
