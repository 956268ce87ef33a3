package dev.nubo.triggers.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The platform's timer on the real clock: tasks run at (not before) their instant, cancelled ones never. */
class ExecutorCronTimerTest {

    @Test
    void runsEachTaskOnceAtItsInstantAndNotACancelledOne() {
        Clock clock = Clock.systemUTC();
        Map<String, Instant> ranAt = new ConcurrentHashMap<>();
        List<String> order = new CopyOnWriteArrayList<>();
        try (ExecutorCronTimer timer = new ExecutorCronTimer(clock)) {
            Instant now = clock.instant();
            Instant soon = now.plusMillis(150);
            Instant later = now.plusMillis(300);
            timer.schedule(later, () -> record("later", clock, ranAt, order));
            timer.schedule(soon, () -> record("soon", clock, ranAt, order));
            timer.schedule(now.minusSeconds(5), () -> record("past", clock, ranAt, order));
            timer.schedule(soon, () -> record("cancelled", clock, ranAt, order)).cancel();

            await().atMost(Duration.ofSeconds(5)).until(() -> ranAt.size() == 3);

            assertThat(order).containsExactly("past", "soon", "later");
            assertThat(ranAt.get("soon")).isAfterOrEqualTo(soon);
            assertThat(ranAt.get("later")).isAfterOrEqualTo(later);
            assertThat(ranAt).doesNotContainKey("cancelled");
        }
    }

    private static void record(String name, Clock clock, Map<String, Instant> ranAt, List<String> order) {
        ranAt.put(name, clock.instant());
        order.add(name);
    }
}
