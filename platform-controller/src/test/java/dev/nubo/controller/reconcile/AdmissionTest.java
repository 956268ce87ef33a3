package dev.nubo.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.FunctionConditions;

class AdmissionTest {

    private static final FunctionKey A = new FunctionKey("ns", "a");
    private static final FunctionKey B = new FunctionKey("ns", "b");
    private static final FunctionKey C = new FunctionKey("ns", "c");

    private final List<FunctionKey> woken = new ArrayList<>();
    private final AtomicLong freeMemory = new AtomicLong(-1);

    private Admission admission(int builds, int starts, int replicas) {
        return new Admission(builds, starts, replicas, 100, freeMemory::get, woken::add);
    }

    @Test
    void buildsBeyondTheSlotsWaitInLineAndAreWokenInOrder() {
        Admission admission = admission(1, 8, 100);

        assertThat(admission.tryBuild(A)).isEmpty();
        assertThat(admission.tryBuild(B)).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(FunctionConditions.REASON_WAITING_FOR_CAPACITY);
            assertThat(r.message()).contains("1 builds are running").contains("0 functions ahead");
        });
        assertThat(admission.tryBuild(C)).hasValueSatisfying(r -> assertThat(r.message()).contains("1 functions ahead"));

        admission.buildDone();

        assertThat(woken).containsExactly(B);
        assertThat(admission.tryBuild(C)).as("C may not jump the line").isPresent();
        assertThat(admission.tryBuild(B)).isEmpty();
    }

    @Test
    void startsAreBoundedAndFreedWhenAReplicaIsReadyOrFailed() {
        Admission admission = admission(2, 2, 100);

        assertThat(admission.tryStart(A)).isEmpty();
        assertThat(admission.tryStart(A)).isEmpty();
        assertThat(admission.tryStart(B)).isPresent();

        admission.startEnded();

        assertThat(woken).containsExactly(B);
        assertThat(admission.tryStart(B)).isEmpty();
        assertThat(admission.replicas()).isEqualTo(3);
    }

    @Test
    void thePlatformWideCapHoldsUntilAReplicaIsGone() {
        Admission admission = admission(2, 8, 2);
        admission.tryStart(A);
        admission.tryStart(A);
        admission.startEnded();
        admission.startEnded();

        assertThat(admission.tryStart(B)).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(FunctionConditions.REASON_REPLICA_LIMIT);
            assertThat(r.message()).contains("runs 2 replicas").contains("nubo.controller.max-running-replicas");
        });

        admission.replicaGone();

        assertThat(woken).containsExactly(B);
        assertThat(admission.tryStart(B)).isEmpty();
    }

    @Test
    void noReplicaStartsWhileTheMachineIsShortOfMemory() {
        Admission admission = admission(2, 8, 100);
        freeMemory.set(50);

        assertThat(admission.tryStart(A)).hasValueSatisfying(r -> assertThat(r.message()).contains("memory"));

        freeMemory.set(1_000_000);
        assertThat(admission.tryStart(A)).isEmpty();
    }

    @Test
    void aForgottenFunctionLeavesTheLine() {
        Admission admission = admission(1, 8, 100);
        admission.tryBuild(A);
        admission.tryBuild(B);
        admission.tryBuild(C);

        admission.forget(B);
        admission.buildDone();

        assertThat(woken).containsExactly(C);
    }
}
