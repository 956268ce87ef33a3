package dev.nubo.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ReconcileQueueTest {

    @Test
    void aBurstOfKeysIsReconciledAFewAtATimeAndEveryKeyGetsItsTurn() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<Integer, Integer> runs = new ConcurrentHashMap<>();
        CountDownLatch open = new CountDownLatch(1);
        try (ReconcileQueue<Integer> queue = new ReconcileQueue<>(key -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runs.merge(key, 1, Integer::sum);
            now.decrementAndGet();
        }, 3)) {
            for (int key = 0; key < 200; key++) {
                queue.request(key);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> now.get() == 3);

            open.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 200);
            assertThat(most.get()).as("reconciles running at once").isEqualTo(3);
            assertThat(runs.values()).as("each key once: nothing asked it again").containsOnly(1);
        }
    }

    @Test
    void askingAgainWhileAKeyRunsMakesExactlyOneMoreRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ReconcileQueue<String> queue = new ReconcileQueue<>(key -> {
            if (runs.incrementAndGet() == 1) {
                inFirst.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, 1)) {
            queue.request("f");
            inFirst.await();
            for (int i = 0; i < 5; i++) {
                queue.request("f");
            }
            release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 2);
        }
    }
}
