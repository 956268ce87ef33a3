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
        @JsonPropertyDescription("Bytes of code (inline text or archive) per function.") Long codeBytes,
        @JsonPropertyDescription("Calls per second into the namespace's functions at the gateway (all functions and HTTP triggers together); over it: 429.")
        Integer callsPerSecond) {

    public static final Quota NONE = new Quota(null, null, null, null, null, null);

    /** A quota without a gateway call rate. */
    public Quota(Integer functions, Integer triggers, Integer replicas, String memory, Long codeBytes) {
        this(functions, triggers, replicas, memory, codeBytes, null);
    }
}
