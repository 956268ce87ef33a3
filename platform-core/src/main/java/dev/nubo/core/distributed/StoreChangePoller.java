package dev.nubo.core.distributed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.nubo.core.store.JdbcResourceStore;

/**
 * How a service learns what the others wrote to the shared store: every {@code poll-interval} (500 ms) one thread
 * asks each resource kind, and then the secrets (where something subscribes to them), routes and runtimes, for an
 * aggregate (row count, sum of versions) and reads rows only when it changed. Changes to resources become the store's ordinary change events here, so the
 * controller reconciles a function the API stored within one interval, and the gateway re-routes an HttpTrigger.
 *
 * <p>A short poll rather than PostgreSQL's LISTEN/NOTIFY: it needs no connection held open per service (nor a
 * reconnect that would lose the notifications sent meanwhile), works the same on H2, and its cost is one small
 * indexed query per table per interval.
 */
public class StoreChangePoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoreChangePoller.class);

    private final List<JdbcResourceStore<?, ?, ?>> stores;
    private final List<Runnable> refreshers;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private volatile boolean running;
    private volatile boolean failing;

    public StoreChangePoller(List<JdbcResourceStore<?, ?, ?>> stores, List<Runnable> refreshers, Duration interval) {
        this.stores = List.copyOf(stores);
        this.refreshers = List.copyOf(refreshers);
        this.interval = interval;
    }

    /** One round: every kind, then the routes and catalogs. */
    public void pollOnce() {
        try {
            stores.forEach(JdbcResourceStore::pollOtherWriters);
            refreshers.forEach(Runnable::run);
            if (failing) {
                log.info("the store answers again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("could not read changes from the store (trying again every {} ms): {}", interval.toMillis(),
                        e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void start() {
        pollOnce(); // the first round takes stock, so routes are known before anything serves a call
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("nubo-store-poll")
                .daemon().factory());
        executor.scheduleWithFixedDelay(this::pollOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the controller's supervisor and the gateway start. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2000;
    }
}
