package dev.nubo.core.quota;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.nubo.core.function.Quantities;
import dev.nubo.core.validation.FieldError;

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

    /** What is wrong with this quota (the API refuses it with these; the Kubernetes operator reports them). */
    @JsonIgnore
    public List<FieldError> errors() {
        var errors = new ArrayList<FieldError>();
        nonNegative(errors, "functions", functions);
        nonNegative(errors, "triggers", triggers);
        nonNegative(errors, "replicas", replicas);
        nonNegative(errors, "callsPerSecond", callsPerSecond);
        if (memory != null && !Quantities.valid(memory)) {
            errors.add(new FieldError("memory", "QUANTITY_INVALID", "a Kubernetes quantity such as 4Gi"));
        }
        if (codeBytes != null && codeBytes < 0) {
            errors.add(new FieldError("codeBytes", "QUOTA_INVALID", "must be 0 or more"));
        }
        return List.copyOf(errors);
    }

    private static void nonNegative(List<FieldError> errors, String field, Integer value) {
        if (value != null && value < 0) {
            errors.add(new FieldError(field, "QUOTA_INVALID", "must be 0 or more"));
        }
    }
}
