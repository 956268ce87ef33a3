package dev.nubo.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionStatus;

class FunctionStateTest {

    private final Instant first = Instant.parse("2026-12-05T10:00:00Z");
    private final Instant second = Instant.parse("2026-12-05T10:05:00Z");

    @Test
    void aReadyReplicaClearsTheReadyReasonButTheLastFailureAndItsCountStay() {
        FunctionState state = new FunctionState(10);
        state.failed(FunctionConditions.REASON_CRASHED, "replica exited with code 3", first);
        state.recovered();
        assertThat(state.lastFailure).isNull();
        assertThat(state.lastReplicaFailure).isEqualTo(new FunctionStatus.ReplicaFailure(first,
                FunctionConditions.REASON_CRASHED, "replica exited with code 3", 1));

        state.failed(FunctionConditions.REASON_START_FAILED, "no answer to /healthz", second);
        assertThat(state.lastReplicaFailure.total()).isEqualTo(2);
        assertThat(state.lastReplicaFailure.time()).isEqualTo(second);
    }

    @Test
    void theKernelsKillOnTheWayOutIsTheTruerReasonOfTheSameFailureNotAnotherOne() {
        FunctionState state = new FunctionState(10);
        state.failed(FunctionConditions.REASON_UNHEALTHY, "3 health probes in a row failed", first);
        state.failureWas(FunctionConditions.REASON_OOM_KILLED, "replica used more memory than its limit");
        assertThat(state.lastFailureReason).isEqualTo(FunctionConditions.REASON_OOM_KILLED);
        assertThat(state.lastReplicaFailure).isEqualTo(new FunctionStatus.ReplicaFailure(first,
                FunctionConditions.REASON_OOM_KILLED, "replica used more memory than its limit", 1));
    }
}
