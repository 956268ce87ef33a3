package dev.nubo.core.function;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How many replicas run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scaling(Integer minReplicas, Integer maxReplicas, Integer targetConcurrency, Integer idleSeconds) {

    public static final int DEFAULT_REPLICAS = 1;

    static Scaling withDefaults(Scaling given) {
        if (given == null) {
            return new Scaling(DEFAULT_REPLICAS, DEFAULT_REPLICAS, null, null);
        }
        int min = given.minReplicas == null ? DEFAULT_REPLICAS : given.minReplicas;
        int max = given.maxReplicas == null ? Math.max(min, DEFAULT_REPLICAS) : given.maxReplicas;
        return new Scaling(min, max, given.targetConcurrency, given.idleSeconds);
    }
}
