package dev.nubo.core.quota;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A Nubo namespace (a tenant) as the Kubernetes backend stores it: the Tenant custom resource {@code <name>} owns the
 * Kubernetes Namespace {@code <name>}, whose ResourceQuota, LimitRange and NetworkPolicy follow from this spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantSpec(
        @JsonPropertyDescription("What the namespace may hold; a field left out is not limited.") Quota quota) {

    public Quota quotaOrNone() {
        return quota == null ? Quota.NONE : quota;
    }
}
