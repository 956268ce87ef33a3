package dev.nubo.triggers.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LaneSchedulerTest {

    @Test
    void oneItemPerLaneRunsAtATimeAndTheNextOfTheLaneStartsWhenItFinishes() {
        LaneScheduler<String> lanes = new LaneScheduler<>(10);
        assertThat(lanes.submit("p0/a", "a1")).containsExactly("a1");
        assertThat(lanes.submit("p0/a", "a2")).isEmpty();
        assertThat(lanes.submit("p0/b", "b1")).as("another key of the same partition runs at once")
                .containsExactly("b1");
        assertThat(lanes.finish("p0/a")).containsExactly("a2");
        assertThat(lanes.finish("p0/b")).isEmpty();
        assertThat(lanes.finish("p0/a")).isEmpty();
        assertThat(lanes.running()).isZero();
        assertThat(lanes.queued()).isZero();
    }

    @Test
    void theConcurrencyCapHoldsAndWaitingLanesAreServedInTheOrderTheyBecameRunnable() {
        LaneScheduler<String> lanes = new LaneScheduler<>(2);
        List<String> started = new ArrayList<>();
        started.addAll(lanes.submit("a", "a1"));
        started.addAll(lanes.submit("b", "b1"));
        started.addAll(lanes.submit("c", "c1"));
        started.addAll(lanes.submit("a", "a2"));
        assertThat(started).containsExactly("a1", "b1");
        assertThat(lanes.running()).isEqualTo(2);
        // c waited before a had a second item: c goes first
        assertThat(lanes.finish("a")).containsExactly("c1");
        assertThat(lanes.finish("b")).containsExactly("a2");
    }

    @Test
    void perKeyOrderHoldsUnderRandomCompletionOrder() {
        LaneScheduler<int[]> lanes = new LaneScheduler<>(3);
        java.util.Random random = new java.util.Random(7);
        List<int[]> runningItems = new ArrayList<>();
        int[] lastSeen = new int[5];
        java.util.Arrays.fill(lastSeen, -1);
        int submitted = 0;
        int finished = 0;
        while (finished < 200) {
            if (submitted < 200 && (runningItems.isEmpty() || random.nextBoolean())) {
                int key = random.nextInt(5);
                runningItems.addAll(lanes.submit("k" + key, new int[] {key, submitted++}));
            } else if (!runningItems.isEmpty()) {
                int[] done = runningItems.remove(random.nextInt(runningItems.size()));
                assertThat(done[1]).as("items of key %d finish in order", done[0]).isGreaterThan(lastSeen[done[0]]);
                lastSeen[done[0]] = done[1];
                finished++;
                assertThat(runningItems.stream().filter(i -> i[0] == done[0])).as("one at a time per key").isEmpty();
                runningItems.addAll(lanes.finish("k" + done[0]));
            }
            assertThat(runningItems).hasSizeLessThanOrEqualTo(3);
        }
    }

    @Test
    void droppedItemsNeverStartAndTheRestGoOn() {
        LaneScheduler<String> lanes = new LaneScheduler<>(1);
        lanes.submit("p0", "p0-1");
        lanes.submit("p0", "p0-2");
        lanes.submit("p1", "p1-1");
        assertThat(lanes.dropQueued(item -> item.startsWith("p1"))).isEqualTo(1);
        assertThat(lanes.finish("p0")).containsExactly("p0-2");
        assertThat(lanes.finish("p0")).isEmpty();
        assertThat(lanes.queued()).isZero();
    }

    @Test
    void finishingALaneThatRunsNothingIsAnError() {
        assertThatThrownBy(() -> new LaneScheduler<String>(1).finish("x")).isInstanceOf(IllegalStateException.class);
    }
}
