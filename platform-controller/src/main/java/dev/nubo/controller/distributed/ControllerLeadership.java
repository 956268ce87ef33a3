package dev.nubo.controller.distributed;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.leader.AbstractCandidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

import dev.nubo.controller.reconcile.LocalFunctionSupervisor;
import dev.nubo.core.distributed.ControllerLock;
import dev.nubo.core.distributed.StoreRouteTable;

/**
 * One active controller per store: the supervisor (builds, replicas, routes, status) runs only while this controller
 * is leader, i.e. holds the store's {@link ControllerLock}, taken and renewed every third of
 * {@code nubo.distributed.lease-duration} (the lock's time to live) by Spring Integration's
 * {@link LockRegistryLeaderInitiator}. A standby tries at the same rate and, once granted (the lock lapsed or was
 * released), removes the routes the previous holder published (its replicas are gone or unreachable) and starts its
 * supervisor, which adopts every function from the store: builds and starts replicas and publishes their routes.
 * Meanwhile the other services hold calls to those functions (they exist, without a route).
 *
 * <p>A leader whose leadership is revoked (another took the lock, or a renewal failed: the store is unreachable)
 * stops its supervisor and then its application ({@code onLost}): its supervisor cannot be started again, and a
 * restarted process comes back as a standby.
 */
public class ControllerLeadership implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControllerLeadership.class);

    private final StoreRouteTable routes;
    private final LocalFunctionSupervisor supervisor;
    private final String controllerUrl;
    private final Duration duration;
    private final Runnable onLost;
    private final LockRegistryLeaderInitiator initiator;
    /** Completes at the first attempt's outcome, granted or not. */
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    /** Completes when the initiator let the lock go after {@link #stop()}. */
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private volatile boolean running;
    private volatile boolean leading;

    public ControllerLeadership(LockRegistry<?> locks, StoreRouteTable routes, LocalFunctionSupervisor supervisor,
            String controllerUrl, Duration duration, Runnable onLost) {
        this.routes = routes;
        this.supervisor = supervisor;
        this.controllerUrl = controllerUrl;
        this.duration = duration;
        this.onLost = onLost;
        supervisor.startWhenElected();
        initiator = new LockRegistryLeaderInitiator(locks, new Candidate());
        initiator.setHeartBeatMillis(Math.max(1, duration.toMillis() / 3));
        initiator.setPublishFailedEvents(true);
        initiator.setLeaderEventPublisher(new FirstAttempt());
        initiator.setAutoStartup(false);
    }

    /** Whether this controller runs the functions now. */
    public boolean leading() {
        return leading;
    }

    private final class Candidate extends AbstractCandidate {

        Candidate() {
            super(ControllerLock.clientId(controllerUrl), ControllerLock.KEY);
        }

        @Override
        public void onGranted(Context context) {
            synchronized (ControllerLeadership.this) {
                if (!running) {
                    return; // stopping, or stopped after losing it: the initiator's stop lets it go
                }
                int stale = routes.removeAllRoutes();
                log.info("this controller ({}) holds the store's controller lock and runs the functions now (removed"
                        + " {} route(s) of the previous holder)", controllerUrl, stale);
                leading = true;
                supervisor.start();
            }
        }

        @Override
        public void onRevoked(Context context) {
            synchronized (ControllerLeadership.this) {
                if (!running) {
                    released.complete(null); // our own stop
                    return;
                }
                if (leading) {
                    lose();
                }
            }
        }
    }

    /** Only to learn the outcome of the first attempt: start waits for it (see {@link #start()}). */
    private final class FirstAttempt implements LeaderEventPublisher {

        @Override
        public void publishOnGranted(Object source, Context context, String role) {
            firstAttempt.complete(null);
        }

        @Override
        public void publishOnRevoked(Object source, Context context, String role) {
        }

        @Override
        public void publishOnFailedToAcquire(Object source, Context context, String role) {
            firstAttempt.complete(null);
        }
    }

    private void lose() {
        log.error("this controller ({}) lost the store's controller lock (another took it, or it could not renew it):"
                + " it stops its functions and itself", controllerUrl);
        leading = false;
        running = false;
        if (supervisor.isRunning()) {
            supervisor.stop();
        }
        Thread.ofPlatform().name("nubo-lock-lost").start(onLost);
    }

    /**
     * Waits for the first attempt (at most a third of the lease duration), so that a controller alone, or started
     * after a clean stop of the previous holder, starts its supervisor with the context.
     */
    @Override
    public void start() {
        running = true;
        initiator.start();
        try {
            firstAttempt.get(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("no answer from the controller lock yet (trying on): {}", e.toString());
        }
        if (!leading) {
            log.info("another controller holds the store's controller lock: this one ({}) is a standby",
                    controllerUrl);
        }
    }

    /**
     * After the supervisor stopped (a lower phase stops later): its routes are gone, then the lock is let go at once
     * (deleted), so a standby takes over at its next attempt rather than when the lock lapses.
     */
    @Override
    public void stop() {
        boolean wasLeading;
        synchronized (this) {
            running = false;
            wasLeading = leading;
            leading = false;
            if (wasLeading && supervisor.isRunning()) {
                supervisor.stop();
            }
        }
        initiator.stop();
        if (wasLeading) {
            try {
                released.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("could not release the controller lock (a standby takes over when it lapses): {}",
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
