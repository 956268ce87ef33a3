package dev.nubo.core.quota;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.nubo.core.model.Condition;

/** What the platform made of a tenant on Kubernetes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantStatus(
        @JsonPropertyDescription("The Kubernetes Namespace that holds the tenant's functions.") String namespace,
        @JsonPropertyDescription("Ready: the namespace, its quota, limits and network policy are in place.")
        List<Condition> conditions,
        @JsonPropertyDescription("The metadata.generation this status describes.") Long observedGeneration) {

    public TenantStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
