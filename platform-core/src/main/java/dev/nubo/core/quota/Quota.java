package dev.nubo.core.quota;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What one namespace may hold; a field left out (null) is not limited. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Quota(
        @JsonPropertyDescription("Functions in the namespace.") Integer functions,
        @JsonPropertyDescription("Triggers of every kind in the namespace.") Integer triggers,
        @JsonPropertyDescription("Replicas the functions may run at most (sum of their maxReplicas).") Integer replicas,
        @JsonPropertyDescription("Memory of all replicas at their most (maxReplicas × memory limit), e.g. 4Gi.") String memory,
        @JsonPropertyDescription("Bytes of code (inline text or archive) per function.") Long codeBytes) {

    public static final Quota NONE = new Quota(null, null, null, null, null);
}
