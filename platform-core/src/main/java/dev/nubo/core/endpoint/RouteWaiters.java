package dev.nubo.core.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.nubo.core.endpoint.FunctionEndpoints.NotReadyException;

/**
 * Calls waiting for a function's first ready endpoint, per function: what every {@link FunctionEndpoints} keeps for
 * {@link FunctionEndpoints#awaitReady} (the local supervisor's routes, the distributed store's, the cluster's
 * EndpointSlices), so the three answer a held call the same way.
 *
 * @param <K> how the backend names a function
 */
public final class RouteWaiters<K> {

    /** A registered waiter, and whether it is the first for its function (the one that should wake it). */
    public record Waiter(CompletableFuture<FunctionRoute> ready, boolean first) {
    }

    private final Map<K, List<CompletableFuture<FunctionRoute>>> waiting = new ConcurrentHashMap<>();

    /**
     * A new waiter for {@code key}; it leaves the line however it ends (answered, failed, timed out, given up).
     * {@code current} is read after it joined, so a route published meanwhile answers it at once.
     */
    public Waiter await(K key, Supplier<FunctionRoute> current) {
        CompletableFuture<FunctionRoute> ready = new CompletableFuture<>();
        boolean[] first = new boolean[1];
        waiting.compute(key, (k, line) -> {
            List<CompletableFuture<FunctionRoute>> joined = line == null ? new CopyOnWriteArrayList<>() : line;
            first[0] = joined.isEmpty();
            joined.add(ready);
            return joined;
        });
        ready.whenComplete((route, failure) -> waiting.computeIfPresent(key, (k, line) -> {
            line.remove(ready);
            return line.isEmpty() ? null : line;
        }));
        FunctionRoute now = current.get();
        if (now != null && now.ready()) {
            ready.complete(now);
        }
        return new Waiter(ready, first[0]);
    }

    /**
     * The function's route changed: a ready one answers every waiter, one that cannot become ready (not wakeable, or
     * none: {@code route} null) fails them with {@code reason}; a wakeable one keeps them waiting.
     */
    public void routeChanged(K key, FunctionRoute route, String reason) {
        if (route != null && route.ready()) {
            complete(key, route);
        } else if (route == null || !route.wakeable()) {
            fail(key, route == null ? reason : route.notReadyReason());
        }
    }

    /** Answers every call waiting for {@code key} with {@code route}. */
    public void complete(K key, FunctionRoute route) {
        List<CompletableFuture<FunctionRoute>> line = waiting.get(key);
        if (line != null) {
            line.forEach(waiter -> waiter.complete(route));
        }
    }

    /** Fails every call waiting for {@code key}: it will not get a replica. */
    public void fail(K key, String why) {
        List<CompletableFuture<FunctionRoute>> line = waiting.get(key);
        if (line != null) {
            line.forEach(waiter -> waiter.completeExceptionally(new NotReadyException(why)));
        }
    }

    /** How many calls wait for {@code key}. */
    public int count(K key) {
        List<CompletableFuture<FunctionRoute>> line = waiting.get(key);
        return line == null ? 0 : line.size();
    }

    /** The functions calls wait for. */
    public Set<K> functions() {
        return Set.copyOf(waiting.keySet());
    }

    /**
     * {@code ready} bounded by {@code maxWait}: past it the call fails with a {@link NotReadyException} that says what it
     * waited for.
     */
    public static CompletableFuture<FunctionRoute> bounded(CompletableFuture<FunctionRoute> ready, Duration maxWait,
            String waitingFor) {
        return ready.orTimeout(maxWait.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException c ? c.getCause() : e;
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new NotReadyException("no replica was ready within "
                        + maxWait.toMillis() + " ms (" + waitingFor + ")"));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
