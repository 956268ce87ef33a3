package dev.nubo.core.function;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How many replicas run: at least {@code minReplicas} (0 = none while idle for {@code idleSeconds}), at most
 * {@code maxReplicas}, and in between as many as the calls in flight need at {@code targetConcurrency} each. No
 * replica is sent more than {@code containerConcurrency} calls at once: the rest wait for a free place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scaling(
        @JsonPropertyDescription("Replicas kept running (0 = none while idle); default 1.")
        Integer minReplicas,
        @JsonPropertyDescription("Most replicas; above minReplicas the platform scales between the two.")
        Integer maxReplicas,
        @JsonPropertyDescription("Calls in flight per replica the autoscaler aims for (default 10).")
        Integer targetConcurrency,
        @JsonPropertyDescription("With minReplicas 0: seconds without calls before the last replica stops (default 300).")
        Integer idleSeconds,
        @JsonPropertyDescription("Most calls one replica is sent at once; more wait in the function's queue until a "
                + "replica has a free place (default: the platform's, 100, bounded by what the runtime can serve).")
        Integer containerConcurrency) {

    /** Most calls one replica may be given at once. */
    public static final int MAX_CONTAINER_CONCURRENCY = 1000;

    /** Without a per-replica cap of its own: the platform's applies. */
    public Scaling(Integer minReplicas, Integer maxReplicas, Integer targetConcurrency, Integer idleSeconds) {
        this(minReplicas, maxReplicas, targetConcurrency, idleSeconds, null);
    }

    public static final int DEFAULT_REPLICAS = 1;
    public static final int DEFAULT_TARGET_CONCURRENCY = 10;
    public static final int DEFAULT_IDLE_SECONDS = 300;

    static Scaling withDefaults(Scaling given) {
        if (given == null) {
            return new Scaling(DEFAULT_REPLICAS, DEFAULT_REPLICAS, DEFAULT_TARGET_CONCURRENCY, DEFAULT_IDLE_SECONDS);
        }
        int min = given.minReplicas == null ? DEFAULT_REPLICAS : given.minReplicas;
        int max = given.maxReplicas == null ? Math.max(min, DEFAULT_REPLICAS) : given.maxReplicas;
        return new Scaling(min, max,
                given.targetConcurrency == null ? DEFAULT_TARGET_CONCURRENCY : given.targetConcurrency,
                given.idleSeconds == null ? DEFAULT_IDLE_SECONDS : given.idleSeconds, given.containerConcurrency);
    }

    @JsonIgnore
    public int min() {
        return minReplicas == null ? DEFAULT_REPLICAS : minReplicas;
    }

    @JsonIgnore
    public int max() {
        return maxReplicas == null ? Math.max(min(), DEFAULT_REPLICAS) : maxReplicas;
    }

    @JsonIgnore
    public int target() {
        return targetConcurrency == null ? DEFAULT_TARGET_CONCURRENCY : targetConcurrency;
    }

    @JsonIgnore
    public int idle() {
        return idleSeconds == null ? DEFAULT_IDLE_SECONDS : idleSeconds;
    }

    /**
     * Most calls one replica is given at once: {@code containerConcurrency}, else {@code fallback} (the platform's
     * default). One rule for every backend that builds routes, so the local and the Kubernetes gateways cap alike.
     */
    public int containerConcurrencyOr(int fallback) {
        return containerConcurrency == null ? fallback : containerConcurrency;
    }

    /** {@link #containerConcurrencyOr} of a spec that may have no scaling at all. */
    public static int containerConcurrencyOf(Scaling scaling, int fallback) {
        return scaling == null ? fallback : scaling.containerConcurrencyOr(fallback);
    }
}
