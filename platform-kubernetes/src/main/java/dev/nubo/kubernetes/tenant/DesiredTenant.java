package dev.nubo.kubernetes.tenant;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The objects a Tenant wants; {@code quota} is null when its quota limits nothing the cluster can count.
 * {@code networkPolicy} fences every pod of the namespace; {@code apiAccess} adds, for function pods only, the way
 * to the API's code downloads.
 */
public record DesiredTenant(Namespace namespace, ResourceQuota quota, LimitRange limits, NetworkPolicy networkPolicy,
        NetworkPolicy apiAccess) {
}
