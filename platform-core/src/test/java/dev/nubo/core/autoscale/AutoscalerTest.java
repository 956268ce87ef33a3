package dev.nubo.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.Scaling;

class AutoscalerTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    private final Autoscaler autoscaler = new Autoscaler(
            new Autoscaler.Settings(Duration.ofSeconds(60), Duration.ofSeconds(1)));
    private final LoadHistory history = new LoadHistory(600);
    private long now = 1_000 * SECOND;

    /** {@code inFlight} calls for {@code duration}, sampled every 100 ms. */
    private void load(int inFlight, long duration) {
        for (long t = 0; t < duration; t += 100 * MS) {
            now += 100 * MS;
            history.add(now, inFlight);
        }
    }

    private Autoscaler.Decision decide(Scaling scaling, int current, int ready, int inFlight, long idle, long panic) {
        return autoscaler.decide(scaling, current, ready, history, inFlight, idle, panic, now);
    }

    @Test
    void aStepOfLoadScalesUpWithinTheFirstSecond() {
        Scaling scaling = new Scaling(1, 20, 10, 300);
        load(1, 60 * SECOND);
        assertThat(decide(scaling, 1, 1, 1, 0, 0).desired()).isEqualTo(1);

        load(200, 300 * MS);
        Autoscaler.Decision early = decide(scaling, 1, 1, 200, 0, 0);

        assertThat(early.desired()).as("panic after 300 ms of 200 callers").isGreaterThanOrEqualTo(6);
        assertThat(early.panicUntil()).isGreaterThan(now);
        assertThat(early.reason()).contains("load jumped").contains("target 10");

        load(200, 700 * MS);
        assertThat(decide(scaling, early.desired(), early.desired(), 200, 0, early.panicUntil()).desired())
                .as("after a second the whole step is covered").isEqualTo(20);
    }

    @Test
    void panicNeverScalesDownAndTheStableWindowBringsReplicasBackSlowly() {
        Scaling scaling = new Scaling(1, 20, 10, 300);
        load(200, 2 * SECOND);
        Autoscaler.Decision panic = decide(scaling, 1, 1, 200, 0, 0);
        assertThat(panic.desired()).isEqualTo(20);

        load(0, 5 * SECOND);
        assertThat(decide(scaling, 20, 20, 0, 5 * SECOND, panic.panicUntil()).desired())
                .as("still panicking: holds").isEqualTo(20);

        load(0, 61 * SECOND);
        Autoscaler.Decision calm = decide(scaling, 20, 20, 0, 66 * SECOND, panic.panicUntil());
        assertThat(calm.desired()).isEqualTo(1);
        assertThat(calm.reason()).isEqualTo("minReplicas 1");
    }

    @Test
    void steadyLoadSetsReplicasByTargetConcurrency() {
        Scaling scaling = new Scaling(1, 20, 10, 300);
        load(35, 60 * SECOND);

        Autoscaler.Decision decision = decide(scaling, 4, 4, 35, 0, 0);

        assertThat(decision.desired()).isEqualTo(4);
        assertThat(decision.reason()).isEqualTo("35 calls in flight over 60 s / target 10 per replica");
    }

    @Test
    void maxReplicasCaps() {
        load(500, 60 * SECOND);

        Autoscaler.Decision decision = decide(new Scaling(1, 5, 10, 300), 5, 5, 500, 0, 0);

        assertThat(decision.desired()).isEqualTo(5);
        assertThat(decision.reason()).contains("capped by maxReplicas 5");
    }

    @Test
    void scalesToZeroOnlyAfterIdleSecondsWithoutACall() {
        Scaling scaling = new Scaling(0, 3, 10, 30);
        load(0, 60 * SECOND);

        assertThat(decide(scaling, 1, 1, 0, 29 * SECOND, 0).desired()).isEqualTo(1);
        Autoscaler.Decision idle = decide(scaling, 1, 1, 0, 30 * SECOND, 0);
        assertThat(idle.desired()).isZero();
        assertThat(idle.reason()).isEqualTo("no call for 30 s");
        assertThat(decide(scaling, 1, 1, 1, 60 * SECOND, 0).desired()).as("a call in flight").isEqualTo(1);
    }

    @Test
    void aFunctionThatMayNotScaleToZeroKeepsItsMinimum() {
        load(0, 60 * SECOND);

        assertThat(decide(new Scaling(2, 5, 10, 30), 2, 2, 0, 3600 * SECOND, 0).desired()).isEqualTo(2);
    }
}
