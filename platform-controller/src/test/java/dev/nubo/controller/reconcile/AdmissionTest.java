package dev.nubo.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.FunctionConditions;

class AdmissionTest {

    private static final FunctionKey A = new FunctionKey("ns", "a");
    private static final FunctionKey B = new FunctionKey("ns", "b");
    private static final FunctionKey C = new FunctionKey("ns", "c");

    private final List<FunctionKey> woken = new ArrayList<>();
    private final AtomicLong freeMemory = new AtomicLong(-1);

    private final AtomicBoolean writesWaiting = new AtomicBoolean();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final List<Duration> wakeDelays = new ArrayList<>();
    private final List<Runnable> wakes = new ArrayList<>();

    private Admission admission(int builds, int starts, int replicas) {
        return new Admission(builds, starts, replicas, 100, freeMemory::get, woken::add,
                new Admission.StartPacing(writesWaiting::get, Duration.ofSeconds(1), nanos::get, (delay, task) -> {
                    wakeDelays.add(delay);
                    wakes.add(task);
                }));
    }

    private void runDueWakes() {
        List<Runnable> due = List.copyOf(wakes);
        wakes.clear();
        due.forEach(Runnable::run);
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
    void whileApiWritesWaitOneReplicaStartsPerIntervalInTheOrderAsked() {
        Admission admission = admission(2, 4, 100);
        writesWaiting.set(true);

        assertThat(admission.tryStart(A)).as("the first start of a flood does not wait").isEmpty();
        assertThat(admission.tryStart(B)).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(FunctionConditions.REASON_WAITING_FOR_CAPACITY);
            assertThat(r.message()).contains("faster than it takes them").contains("every 1000 ms")
                    .contains("start-interval-while-writes-wait").contains("0 functions ahead");
        });
        assertThat(admission.tryStart(C)).hasValueSatisfying(r -> assertThat(r.message()).contains("1 functions ahead"));
        assertThat(wakeDelays).as("one wake, when the next start is due").containsExactly(Duration.ofSeconds(1));

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        runDueWakes();

        assertThat(woken).as("the line's head first").startsWith(B);
        assertThat(admission.tryStart(C)).as("C may not jump the line").isPresent();
        assertThat(admission.tryStart(B)).isEmpty();
        assertThat(admission.tryStart(C)).as("B took this interval's start").isPresent();
        assertThat(wakes).hasSize(1);
    }

    @Test
    void startsNeverWaitForAnIntervalWhenNoWritesWait() {
        Admission admission = admission(2, 4, 100);

        assertThat(admission.tryStart(A)).isEmpty();
        assertThat(admission.tryStart(B)).isEmpty();
        assertThat(admission.tryStart(C)).isEmpty();
        assertThat(wakes).isEmpty();
    }

    @Test
    void whenTheWritesStopTheWaitingStartsAllGoAtTheNextWake() {
        Admission admission = admission(2, 4, 100);
        writesWaiting.set(true);
        admission.tryStart(A);
        admission.tryStart(B);
        admission.tryStart(C);

        writesWaiting.set(false);
        runDueWakes();

        assertThat(woken).containsExactly(B, C);
        assertThat(admission.tryStart(B)).isEmpty();
        assertThat(admission.tryStart(C)).isEmpty();
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
