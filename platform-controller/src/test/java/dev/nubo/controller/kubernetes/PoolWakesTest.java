package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.pool.PoolSpecializer;

/** The wakes' own threads: start returns at once, one wake per function at a time, a bounded backlog. */
class PoolWakesTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> woken = new CopyOnWriteArrayList<>();
    private PoolWakes wakes;

    @AfterEach
    void close() {
        release.countDown();
        wakes.close();
    }

    /** A wake that waits, as one on a pod that is still downloading its code does. */
    private PoolSpecializer.Result slowWake(FunctionResource function) {
        woken.add(function.getMetadata().getName());
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new PoolSpecializer.Result(PoolSpecializer.Outcome.SPECIALIZED, "pod", null);
    }

    private static FunctionResource function(String name) {
        return new FunctionResource("fns", name, FunctionSpecBuilder.python("def handler(e, c):\n    return 1\n").build());
    }

    @Test
    void aWakeRunsOffTheCallersThreadAndOnlyOncePerFunctionAtATime() {
        wakes = new PoolWakes(this::slowWake, 2, 4);

        assertThat(wakes.start(function("a"))).isTrue();
        assertThat(wakes.start(function("a"))).as("one under way for a").isFalse();
        assertThat(wakes.start(function("b"))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> woken.size() == 2);
        assertThat(wakes.inFlight(new ResourceID("a", "fns"))).isTrue();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !wakes.inFlight(new ResourceID("a", "fns")));
        assertThat(wakes.start(function("a"))).as("a new wake once the last ended").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> woken.size() == 3);
    }

    @Test
    void pastItsBacklogAWakeIsLeftToTheDeployment() {
        wakes = new PoolWakes(this::slowWake, 1, 1);

        assertThat(wakes.start(function("running"))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> woken.size() == 1);
        assertThat(wakes.start(function("queued"))).isTrue();
        assertThat(wakes.start(function("refused"))).isFalse();
        assertThat(wakes.inFlight(new ResourceID("refused", "fns"))).as("nothing left behind").isFalse();
    }
}
