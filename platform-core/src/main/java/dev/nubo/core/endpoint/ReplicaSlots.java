package dev.nubo.core.endpoint;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The places for calls on one function's replicas, shared by every dispatcher of this process (gateway, invoke,
 * triggers), so a replica is never sent more than its route's {@link FunctionRoute#containerConcurrency()} calls at
 * once whoever sends them. A call takes a place on the least-loaded ready endpoint below the cap; when every endpoint
 * is at its cap the call waits in line (first come, first served) and gets the next place that frees, or one on a
 * replica that is added. A waiting call has already begun its {@link FunctionLoad}, so the autoscaler sees it.
 *
 * <p>One short lock per function; nothing runs under it but counting (waiting calls are completed after it).
 */
public final class ReplicaSlots {

    private final Map<Endpoint, Integer> busy = new HashMap<>();
    private final ArrayDeque<CompletableFuture<Lease>> waiting = new ArrayDeque<>();
    /** The route places are handed out on when one frees: the newest a dispatcher or the backend gave. */
    private FunctionRoute latest;
    /** Where the next search for the least-loaded endpoint starts: equal loads take turns. */
    private int rotation;

    /** One call's place on one endpoint; {@link #release()} gives it back (once, however often it is called). */
    public final class Lease {
        private final FunctionRoute route;
        private final Endpoint endpoint;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(FunctionRoute route, Endpoint endpoint) {
            this.route = route;
            this.endpoint = endpoint;
        }

        /** The route the place was taken on (timeout, credentials, how its replica started). */
        public FunctionRoute route() {
            return route;
        }

        public Endpoint endpoint() {
            return endpoint;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                giveBack(endpoint);
            }
        }
    }

    /** Every endpoint was at its cap and no place freed in time. */
    public static final class BusyException extends RuntimeException {
        public BusyException(String message) {
            super(message);
        }
    }

    /**
     * A place for a call of {@code route}'s function: at once when an endpoint is below its cap and no call waits;
     * otherwise once the function has a ready replica (a function scaled to zero or starting is woken through
     * {@code resolver}) with a free place. Fails with {@link FunctionEndpoints.NotReadyException} when no replica
     * became ready, with {@link BusyException} when none had a free place within {@code maxWait}. Cancel the future to
     * give up waiting; a place handed to a cancelled future is given back.
     */
    public static CompletableFuture<Lease> place(FunctionEndpoints resolver, FunctionRoute route, Duration maxWait) {
        ReplicaSlots slots = route.load().slots();
        if (route.ready()) {
            Lease now = slots.tryAcquire(route);
            return now != null ? CompletableFuture.completedFuture(now) : slots.waitForPlace(route, maxWait.toNanos());
        }
        if (!route.wakeable()) {
            return CompletableFuture.failedFuture(new FunctionEndpoints.NotReadyException(
                    route.notReadyReason() == null ? "no replica is ready" : route.notReadyReason()));
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        CompletableFuture<Lease> placed = new CompletableFuture<>();
        CompletableFuture<FunctionRoute> wake = resolver.awaitReady(route.namespace(), route.name(), maxWait);
        placed.whenComplete((lease, failure) -> {
            if (failure != null) {
                wake.cancel(false);
            }
        });
        wake.whenComplete((ready, failure) -> {
            if (failure != null) {
                placed.completeExceptionally(unwrap(failure));
            } else if (!placed.isDone()) {
                handOver(ready.load().slots().waitForPlace(ready, Math.max(0, deadline - System.nanoTime())),
                        placed);
            }
        });
        return placed;
    }

    /** A place at once, or null when every endpoint is at its cap, the route has none, or calls wait already. */
    public Lease tryAcquire(FunctionRoute route) {
        synchronized (this) {
            latest = route;
            return waiting.isEmpty() ? take(route) : null;
        }
    }

    /** The function's endpoints changed: waiting calls go to added replicas at once. */
    public void routeChanged(FunctionRoute route) {
        List<Handout> handouts;
        synchronized (this) {
            latest = route;
            handouts = handOutLocked();
        }
        complete(handouts);
    }

    /** Calls waiting for a place. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Calls holding a place on {@code endpoint}. */
    public synchronized int busy(Endpoint endpoint) {
        return busy.getOrDefault(endpoint, 0);
    }

    private CompletableFuture<Lease> waitForPlace(FunctionRoute route, long maxWaitNanos) {
        CompletableFuture<Lease> waiter;
        synchronized (this) {
            latest = route;
            Lease now = waiting.isEmpty() ? take(route) : null;
            if (now != null) {
                return CompletableFuture.completedFuture(now);
            }
            waiter = new CompletableFuture<>();
            waiting.add(waiter);
        }
        CompletableFuture<Lease> placed = new CompletableFuture<>();
        waiter.whenComplete((lease, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    waiting.remove(waiter);
                }
                placed.completeExceptionally(unwrap(failure) instanceof TimeoutException
                        ? new BusyException(busyMessage(route, maxWaitNanos)) : unwrap(failure));
            } else if (!placed.complete(lease)) {
                lease.release();
            }
        });
        placed.whenComplete((lease, failure) -> {
            if (failure != null) {
                waiter.cancel(false);
            }
        });
        waiter.orTimeout(maxWaitNanos, TimeUnit.NANOSECONDS);
        return placed;
    }

    /** {@code waiter}'s place goes to {@code placed}; back to the function when {@code placed} was given up. */
    private static void handOver(CompletableFuture<Lease> waiter, CompletableFuture<Lease> placed) {
        waiter.whenComplete((lease, failure) -> {
            if (failure != null) {
                placed.completeExceptionally(unwrap(failure));
            } else if (!placed.complete(lease)) {
                lease.release();
            }
        });
        placed.whenComplete((lease, failure) -> {
            if (failure != null) {
                waiter.cancel(false);
            }
        });
    }

    private static String busyMessage(FunctionRoute route, long waitedNanos) {
        return "every replica of function " + route.name() + " has " + route.containerConcurrency()
                + " calls (its containerConcurrency) and none freed a place within "
                + TimeUnit.NANOSECONDS.toMillis(waitedNanos) / 1000.0 + " s";
    }

    private void giveBack(Endpoint endpoint) {
        List<Handout> handouts;
        synchronized (this) {
            busy.computeIfPresent(endpoint, (e, count) -> count <= 1 ? null : count - 1);
            handouts = handOutLocked();
        }
        complete(handouts);
    }

    private record Handout(CompletableFuture<Lease> waiter, Lease lease) {
    }

    /** Places for waiting calls, first come first served, while the latest route has free places. */
    private List<Handout> handOutLocked() {
        List<Handout> handouts = null;
        while (!waiting.isEmpty() && latest != null) {
            Lease lease = take(latest);
            if (lease == null) {
                break;
            }
            if (handouts == null) {
                handouts = new ArrayList<>();
            }
            handouts.add(new Handout(waiting.poll(), lease));
        }
        return handouts == null ? List.of() : handouts;
    }

    /** Outside the lock: a waiting call's continuation runs here. A call that gave up meanwhile gives its place back. */
    private static void complete(List<Handout> handouts) {
        for (Handout handout : handouts) {
            if (!handout.waiter().complete(handout.lease())) {
                handout.lease().release();
            }
        }
    }

    /** The least-loaded endpoint below the cap (equal loads in turn), counted; null when there is none. */
    private Lease take(FunctionRoute route) {
        List<Endpoint> endpoints = route.endpoints();
        int count = endpoints.size();
        if (count == 0) {
            return null;
        }
        int cap = route.containerConcurrency();
        int start = Math.floorMod(rotation++, count);
        Endpoint best = null;
        int bestBusy = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            Endpoint candidate = endpoints.get((start + i) % count);
            int load = busy.getOrDefault(candidate, 0);
            if ((cap == 0 || load < cap) && load < bestBusy) {
                best = candidate;
                bestBusy = load;
                if (load == 0) {
                    break;
                }
            }
        }
        if (best == null) {
            return null;
        }
        busy.merge(best, 1, Integer::sum);
        return new Lease(route, best);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
