package dev.nubo.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;

class StatusWriterObservedTest {

    @Test
    void aFunctionAtZeroAfterAFailedReplicaSaysScaledToZeroAndKeepsTheFailureInItsMessage() {
        StatusWriter.Observed observed = StatusWriter.Observed.running(0, 0, 1, FunctionConditions.REASON_CRASHED,
                "replica exited with code 143", null);

        assertThat(observed.phase()).isEqualTo(FunctionPhase.ScaledToZero);
        assertThat(observed.ready().message()).contains("replica exited with code 143");
    }

    @Test
    void aCrashLoopStaysFailedEvenAtZero() {
        StatusWriter.Observed observed = StatusWriter.Observed.running(0, 0, StatusWriter.FAILURES_BEFORE_FAILED,
                FunctionConditions.REASON_CRASHED, "replica exited with code 1", null);

        assertThat(observed.phase()).isEqualTo(FunctionPhase.Failed);
    }

    @Test
    void aReplicaWantedButNotReadyAfterACrashIsStillDeploying() {
        StatusWriter.Observed observed = StatusWriter.Observed.running(0, 1, 1, FunctionConditions.REASON_CRASHED,
                "replica exited with code 1", null);

        assertThat(observed.phase()).isEqualTo(FunctionPhase.Deploying);
        assertThat(observed.ready().reason()).isEqualTo(FunctionConditions.REASON_CRASHED);
    }
}
