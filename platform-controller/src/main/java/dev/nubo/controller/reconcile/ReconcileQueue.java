package dev.nubo.controller.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciles one at a time per key, coalescing requests: asking again while a reconcile runs makes exactly one
 * more run after it, however many times it was asked; and at most {@code concurrency} keys at once, the others parked
 * in line (a parked virtual thread waits off the carriers, so an API request is not queued behind a thousand of them).
 */
final class ReconcileQueue<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcileQueue.class);

    private final Consumer<K> reconcile;
    private final Semaphore running;
    private final Map<K, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("nubo-reconcile-timer").daemon(true).factory());

    ReconcileQueue(Consumer<K> reconcile, int concurrency) {
        this.reconcile = reconcile;
        this.running = new Semaphore(concurrency, true);
    }

    void request(K key) {
        AtomicInteger requests = pending.computeIfAbsent(key, k -> new AtomicInteger());
        if (requests.getAndIncrement() == 0) {
            workers.execute(() -> drain(key, requests));
        }
    }

    void requestAfter(K key, Duration delay) {
        timer.schedule(() -> request(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    void every(Duration interval, Runnable task) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("periodic task failed", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void later(Duration delay, Runnable task) {
        timer.schedule(() -> workers.execute(task), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Fails {@code future} with {@code failure} unless it completed within {@code delay}. */
    <T> void timeout(java.util.concurrent.CompletableFuture<T> future, Duration delay,
            java.util.function.Supplier<? extends Throwable> failure) {
        var task = timer.schedule(() -> future.completeExceptionally(failure.get()), Math.max(1, delay.toMillis()),
                TimeUnit.MILLISECONDS);
        future.whenComplete((value, error) -> task.cancel(false));
    }

    private void drain(K key, AtomicInteger requests) {
        int seen;
        do {
            seen = requests.get();
            try {
                running.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing
            }
            try {
                reconcile.accept(key);
            } catch (RuntimeException e) {
                log.error("reconcile of {} failed; retrying in 5 s", key, e);
                requestAfter(key, Duration.ofSeconds(5));
            } finally {
                running.release();
            }
        } while (requests.addAndGet(-seen) > 0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
