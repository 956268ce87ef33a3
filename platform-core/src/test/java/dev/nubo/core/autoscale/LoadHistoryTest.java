package dev.nubo.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LoadHistoryTest {

    private static final long MS = 1_000_000L;

    @Test
    void averagesOnlyTheSamplesInsideTheWindow() {
        LoadHistory history = new LoadHistory(10);
        history.add(100 * MS, 9);
        history.add(200 * MS, 1);
        history.add(300 * MS, 3);

        assertThat(history.average(150 * MS, 300 * MS)).as("the last two samples").isEqualTo(2.0);
        assertThat(history.average(1_000 * MS, 300 * MS)).as("all three").isEqualTo(13.0 / 3);
        assertThat(history.average(100 * MS, 1_000 * MS)).as("none: every sample is older").isZero();
        assertThat(new LoadHistory(5).average(100 * MS, 0)).as("no samples yet").isZero();
    }

    @Test
    void aFullRingForgetsItsOldestSamples() {
        LoadHistory history = new LoadHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.add(i * 100 * MS, i * 10);
        }

        assertThat(history.average(10_000 * MS, 500 * MS)).as("30, 40, 50 kept; 10 and 20 overwritten").isEqualTo(40.0);
    }

    @Test
    void agreesWithAveragingTheSamplesOneByOne() {
        Random random = new Random(42);
        LoadHistory history = new LoadHistory(600);
        Deque<long[]> kept = new ArrayDeque<>();
        long now = 0;
        for (int tick = 0; tick < 5_000; tick++) {
            now += (50 + random.nextInt(100)) * MS;
            int inFlight = random.nextInt(300);
            history.add(now, inFlight);
            kept.addFirst(new long[] {now, inFlight});
            if (kept.size() > 600) {
                kept.removeLast();
            }
            for (long window : new long[] {MS, 1_000 * MS, 6_000 * MS, 60_000 * MS}) {
                long reading = now + random.nextInt(200) * MS;
                assertThat(history.average(window, reading)).isCloseTo(walk(kept, window, reading), within(1e-9));
            }
        }
    }

    /** The average as a walk from the newest sample back to the first one outside the window. */
    private static double walk(Deque<long[]> newestFirst, long window, long now) {
        long sum = 0;
        int count = 0;
        for (long[] sample : newestFirst) {
            if (now - sample[0] >= window) {
                break;
            }
            sum += sample[1];
            count++;
        }
        return count == 0 ? 0 : (double) sum / count;
    }
}
