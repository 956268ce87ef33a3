package dev.nubo.core.function;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.nubo.core.model.Condition;

/**
 * What the platform made of a function. {@code phase} is a one-word summary for lists; the conditions
 * (BuildSucceeded, Ready) say why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionStatus(
        FunctionPhase phase,
        List<Condition> conditions,
        Long observedGeneration,
        Replicas replicas,
        String endpoint) {

    public FunctionStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public static FunctionStatus pending() {
        return new FunctionStatus(FunctionPhase.Pending, List.of(), null, new Replicas(0, 0), null);
    }

    /** @param ready replicas answering /healthz; desired = replicas the platform wants running */
    public record Replicas(int ready, int desired) {
    }
}
