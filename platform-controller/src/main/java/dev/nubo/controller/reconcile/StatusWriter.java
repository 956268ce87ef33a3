package dev.nubo.controller.reconcile;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.store.FunctionStore;

/**
 * Turns what a reconcile observed into the function's status, and writes it only when something a reader cares
 * about changed (status writes stay calm). A failed status write never fails the reconcile.
 */
public class StatusWriter {

    private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);
    /** Replica failures in a row after which the phase says Failed instead of Deploying. */
    static final int FAILURES_BEFORE_FAILED = 3;

    /** What a reconcile saw; built by the factory methods. */
    public record Observed(FunctionPhase phase, Condition build, Condition ready, int readyReplicas,
            int desiredReplicas) {

        static Observed cannotRun(String reason, String message) {
            return new Observed(FunctionPhase.Failed,
                    Condition.of(FunctionConditions.BUILD_SUCCEEDED, Condition.FALSE, reason, message),
                    Condition.of(FunctionConditions.READY, Condition.FALSE, reason, message), 0, 0);
        }

        static Observed building(String step) {
            return new Observed(FunctionPhase.Building,
                    Condition.of(FunctionConditions.BUILD_SUCCEEDED, Condition.UNKNOWN, FunctionConditions.REASON_BUILDING,
                            step),
                    Condition.of(FunctionConditions.READY, Condition.FALSE, FunctionConditions.REASON_BUILDING,
                            "waiting for the build"), 0, 0);
        }

        static Observed buildFailed(String reason, String message) {
            return new Observed(FunctionPhase.Failed,
                    Condition.of(FunctionConditions.BUILD_SUCCEEDED, Condition.FALSE, reason, message),
                    Condition.of(FunctionConditions.READY, Condition.FALSE, reason, "the build failed"), 0, 0);
        }

        static Observed running(int ready, int desired, int failures, String failureReason, String lastFailure,
                Admission.Refusal waiting) {
            Condition built = Condition.of(FunctionConditions.BUILD_SUCCEEDED, Condition.TRUE,
                    FunctionConditions.REASON_BUILT, "built");
            if (ready > 0) {
                String message = ready + "/" + desired + " replicas ready"
                        + (waiting == null ? "" : "; " + waiting.message());
                return new Observed(FunctionPhase.Ready, built, Condition.of(FunctionConditions.READY, Condition.TRUE,
                        FunctionConditions.REASON_REPLICAS_READY, message), ready, desired);
            }
            if (desired == 0 && failures < FAILURES_BEFORE_FAILED) {
                // at zero by choice: a replica that failed before (a crash while starting, then idle) is history, not
                // a deploy still going on; the message keeps it until a replica is ready again
                return new Observed(FunctionPhase.ScaledToZero, built, Condition.of(FunctionConditions.READY,
                        Condition.TRUE, FunctionConditions.REASON_SCALED_TO_ZERO,
                        "no replica runs while idle; the next call starts one"
                                + (lastFailure == null ? "" : ". The last replica failed: " + lastFailure)), 0, 0);
            }
            if (lastFailure == null) {
                Condition notReady = waiting != null
                        ? Condition.of(FunctionConditions.READY, Condition.FALSE, waiting.reason(), waiting.message())
                        : Condition.of(FunctionConditions.READY, Condition.FALSE, FunctionConditions.REASON_STARTING,
                                "0/" + desired + " replicas ready");
                return new Observed(FunctionPhase.Deploying, built, notReady, 0, desired);
            }
            FunctionPhase phase = failures >= FAILURES_BEFORE_FAILED ? FunctionPhase.Failed : FunctionPhase.Deploying;
            return new Observed(phase, built, Condition.of(FunctionConditions.READY, Condition.FALSE, failureReason,
                    lastFailure), 0, desired);
        }
    }

    private final FunctionStore store;
    private final String gatewayUrl;
    private final Clock clock;
    private final java.util.function.Function<Function, Condition> sandboxed;

    /** @param sandboxed the function's {@code Sandboxed} condition */
    public StatusWriter(FunctionStore store, String gatewayUrl, Clock clock,
            java.util.function.Function<Function, Condition> sandboxed) {
        this.sandboxed = sandboxed;
        this.store = store;
        this.gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        this.clock = clock;
    }

    void write(Function function, FunctionState state, Observed observed) {
        Observed shown = withOldGenerationServing(function, state, observed);
        FunctionStatus previous = state.writtenStatus != null ? state.writtenStatus : function.status();
        List<Condition> conditions = previous == null ? List.of() : previous.conditions();
        conditions = Conditions.set(conditions, shown.build(), clock);
        conditions = Conditions.set(conditions, shown.ready(), clock);
        conditions = Conditions.set(conditions, sandboxed.apply(function), clock);
        FunctionStatus next = new FunctionStatus(shown.phase(), conditions, function.generation(),
                new FunctionStatus.Replicas(shown.readyReplicas(), shown.desiredReplicas()),
                gatewayUrl + "/" + function.namespace() + "/" + function.name(), state.lastScaling,
                state.lastReplicaFailure);
        if (sameForReaders(previous, next)) {
            return;
        }
        try {
            store.updateStatus(function.namespace(), function.name(), next);
            state.writtenStatus = next;
        } catch (RuntimeException e) {
            log.warn("cannot write the status of {}/{}: {}", function.namespace(), function.name(), e.getMessage());
        }
    }

    /** While a new generation builds, fails or starts, the old one keeps answering: Ready says so. */
    private static Observed withOldGenerationServing(Function function, FunctionState state, Observed observed) {
        int oldReady = state.readyOtherThan(function.generation()).size();
        if (oldReady == 0 || observed.ready().isTrue()) {
            return observed;
        }
        Condition ready = Condition.of(FunctionConditions.READY, Condition.TRUE, FunctionConditions.REASON_REPLICAS_READY,
                "the previous generation answers (" + oldReady + " replicas) until generation " + function.generation()
                        + " is ready: " + observed.ready().message());
        return new Observed(observed.phase(), observed.build(), ready, observed.readyReplicas(),
                observed.desiredReplicas());
    }

    private static boolean sameForReaders(FunctionStatus previous, FunctionStatus next) {
        if (previous == null || previous.phase() != next.phase()
                || !java.util.Objects.equals(previous.observedGeneration(), next.observedGeneration())
                || !java.util.Objects.equals(previous.replicas(), next.replicas())
                || !java.util.Objects.equals(previous.endpoint(), next.endpoint())
                || !java.util.Objects.equals(previous.lastScaling(), next.lastScaling())
                || !java.util.Objects.equals(previous.lastReplicaFailure(), next.lastReplicaFailure())) {
            return false;
        }
        return Conditions.sameAs(previous.conditions(), next.conditions());
    }
}
