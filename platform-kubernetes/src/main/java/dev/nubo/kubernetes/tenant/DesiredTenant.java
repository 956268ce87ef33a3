package dev.nubo.kubernetes.tenant;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** The objects a Tenant wants; {@code quota} is null when its quota limits nothing the cluster can count. */
public record DesiredTenant(Namespace namespace, ResourceQuota quota, LimitRange limits, NetworkPolicy networkPolicy) {
}
