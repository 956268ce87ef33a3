package dev.nubo.controller.distributed;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.nubo.controller.reconcile.LocalFunctionSupervisor;
import dev.nubo.core.distributed.ControllerLease;
import dev.nubo.core.distributed.StoreRouteTable;

/**
 * One active controller per store: the supervisor (builds, replicas, routes, status) runs only while this controller
 * holds the store's lease ({@link ControllerLease}), renewed every third of {@code nubo.distributed.lease-duration}.
 * A standby tries at the same rate and, once the lease lapsed or was released, removes the routes the previous
 * holder published (its replicas are gone or unreachable) and starts its supervisor, which adopts every function from
 * the store: builds and starts replicas and publishes their routes. Meanwhile the other services hold calls to those
 * functions (they exist, without a route).
 *
 * <p>A holder that finds the lease taken by another, or cannot renew it for a whole lease duration (the store is
 * unreachable), stops its supervisor and then its application ({@code onLost}): its supervisor cannot be started
 * again, and a restarted process comes back as a standby.
 */
public class ControllerLeadership implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControllerLeadership.class);

    private final ControllerLease lease;
    private final StoreRouteTable routes;
    private final LocalFunctionSupervisor supervisor;
    private final String controllerUrl;
    private final String holder;
    private final Duration duration;
    private final Runnable onLost;
    private ScheduledExecutorService executor;
    private volatile boolean running;
    private volatile boolean leading;
    private long renewedAt;

    public ControllerLeadership(ControllerLease lease, StoreRouteTable routes, LocalFunctionSupervisor supervisor,
            String controllerUrl, Duration duration, Runnable onLost) {
        this.lease = lease;
        this.routes = routes;
        this.supervisor = supervisor;
        this.controllerUrl = controllerUrl;
        this.holder = controllerUrl + "#" + UUID.randomUUID();
        this.duration = duration;
        this.onLost = onLost;
        supervisor.startWhenElected();
    }

    /** Whether this controller runs the functions now. */
    public boolean leading() {
        return leading;
    }

    /** One attempt: take the lease (standby) or renew it (active). */
    synchronized void tick() {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        boolean held;
        try {
            held = lease.acquire(holder, controllerUrl, duration);
        } catch (RuntimeException e) {
            if (leading && now - renewedAt > duration.toNanos()) {
                lose("could not renew the controller lease for " + duration.toMillis() + " ms: " + e);
            } else {
                log.warn("could not reach the controller lease (trying again): {}", e.toString());
            }
            return;
        }
        if (held) {
            renewedAt = now;
            if (!leading) {
                lead();
            }
        } else if (leading) {
            lose("another controller took the lease: " + lease.current().map(ControllerLease.Holder::controllerUrl)
                    .orElse("?"));
        }
    }

    private void lead() {
        int stale = routes.removeAllRoutes();
        log.info("this controller ({}) holds the store's lease and runs the functions now (removed {} route(s) of"
                + " the previous holder)", controllerUrl, stale);
        leading = true;
        supervisor.start();
    }

    private void lose(String why) {
        log.error("{}: this controller stops its functions and itself", why);
        leading = false;
        running = false;
        if (supervisor.isRunning()) {
            supervisor.stop();
        }
        Thread.ofPlatform().name("nubo-lease-lost").start(onLost);
    }

    @Override
    public void start() {
        running = true;
        tick(); // alone, or after a clean stop of the previous holder: the supervisor starts with the context
        if (!leading) {
            log.info("another controller holds the store's lease: this one ({}) is a standby", controllerUrl);
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("nubo-controller-lease")
                .daemon().factory());
        long every = Math.max(1, duration.toMillis() / 3);
        executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** After the supervisor stopped (a lower phase stops later): its routes are gone, then the lease is let go. */
    @Override
    public void stop() {
        synchronized (this) {
            running = false;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (leading) {
            leading = false;
            if (supervisor.isRunning()) {
                supervisor.stop();
            }
            try {
                lease.release(holder);
            } catch (RuntimeException e) {
                log.warn("could not release the controller lease (a standby takes over when it lapses): {}",
                        e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the store poller (the supervisor learns of functions from it), before the web server. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1500;
    }
}
