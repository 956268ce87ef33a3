package dev.nubo.core.function;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.nubo.core.model.Condition;

/**
 * What the platform made of a function. {@code phase} is a one-word summary for lists; the conditions
 * (BuildSucceeded, Ready) say why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionStatus(
        @JsonPropertyDescription("One-word summary: Pending, Building, Deploying, Ready, ScaledToZero, Degraded or Failed.")
        FunctionPhase phase,
        @JsonPropertyDescription("BuildSucceeded and Ready, each with a reason and a message saying what to do.")
        List<Condition> conditions,
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("Replicas ready and desired.")
        Replicas replicas,
        @JsonPropertyDescription("Where the function answers inside the platform.")
        String endpoint,
        @JsonPropertyDescription("The autoscaler's last change of the desired replicas, and why.")
        ScalingDecision lastScaling,
        @JsonPropertyDescription("The last time a replica failed (crashed, was killed, failed its start), kept after the"
                + " next replica is ready: when, why, and how many failures so far.")
        ReplicaFailure lastReplicaFailure) {

    public FunctionStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public FunctionStatus(FunctionPhase phase, List<Condition> conditions, Long observedGeneration, Replicas replicas,
            String endpoint) {
        this(phase, conditions, observedGeneration, replicas, endpoint, null, null);
    }

    public static FunctionStatus pending() {
        return new FunctionStatus(FunctionPhase.Pending, List.of(), null, new Replicas(0, 0), null, null, null);
    }

    public FunctionStatus withLastScaling(ScalingDecision decision) {
        return new FunctionStatus(phase, conditions, observedGeneration, replicas, endpoint, decision,
                lastReplicaFailure);
    }

    /** @param ready replicas answering /healthz; desired = replicas the platform wants running */
    public record Replicas(int ready, int desired) {
    }

    /**
     * The autoscaler's last change of the desired replicas, and why.
     *
     * @param reason e.g. {@code concurrency 37 in flight / target 10}, {@code idle for 300 s}, {@code a call woke it}
     */
    public record ScalingDecision(java.time.Instant time, int from, int to, String reason) {
    }

    /**
     * A replica's failure. The Ready condition tells of it only until the next replica is ready; this keeps it, so a
     * function that crashes now and then does not look as if it never did.
     *
     * @param reason  as the Ready condition said it: ReplicaCrashed, OOMKilled, ReplicaStartFailed, ReplicaUnhealthy…
     * @param message what happened, and the replica's last output where there was some
     * @param total   replica failures so far: since the function was created (standalone), or of its current pods'
     *                restarts (Kubernetes)
     */
    public record ReplicaFailure(java.time.Instant time, String reason, String message, int total) {
    }
}
