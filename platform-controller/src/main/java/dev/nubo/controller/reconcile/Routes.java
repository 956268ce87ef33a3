package dev.nubo.controller.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.ReplicaStart;
import dev.nubo.core.endpoint.RouteWaiters;
import dev.nubo.controller.replica.Replica;
import dev.nubo.core.function.Function;

/**
 * Where each function answers right now — what the gateway and the dispatchers read on every call — and the calls
 * waiting for a function that has no ready replica yet (woken from zero, or starting).
 */
final class Routes {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Routes.class);

    private final Map<FunctionKey, FunctionRoute> routes = new ConcurrentHashMap<>();
    private final RouteWaiters<FunctionKey> waiting = new RouteWaiters<>();
    private final List<RouteListener> listeners = new CopyOnWriteArrayList<>();
    private final ReplicaConcurrency concurrency;

    Routes(ReplicaConcurrency concurrency) {
        this.concurrency = concurrency;
    }

    void addListener(RouteListener listener) {
        listeners.add(listener);
    }

    /** A route with its serving replicas' generations (what a route listener publishes). */
    void publishReplicas(Function function, List<Replica> serving, String reason, FunctionLoad load,
            boolean wakeable, ReplicaStart lastStart) {
        publish(function, serving.stream().map(Replica::endpoint).toList(),
                serving.stream().map(Replica::generation).toList(), reason, load, wakeable, lastStart);
    }

    Optional<FunctionRoute> get(FunctionKey key) {
        return Optional.ofNullable(routes.get(key));
    }

    /**
     * Calls go to {@code endpoints}; with none, callers are told {@code reason}, and may wait when {@code wakeable}.
     * Publishing endpoints completes every wait for them.
     */
    void publish(Function function, List<Endpoint> endpoints, String reason, FunctionLoad load, boolean wakeable,
            ReplicaStart lastStart) {
        publish(function, endpoints, endpoints.stream().map(e -> function.generation()).toList(), reason, load,
                wakeable, lastStart);
    }

    private void publish(Function function, List<Endpoint> endpoints, List<Long> generations, String reason,
            FunctionLoad load, boolean wakeable, ReplicaStart lastStart) {
        FunctionKey key = FunctionKey.of(function);
        FunctionRoute route = new FunctionRoute(function.namespace(), function.name(), endpoints,
                Duration.ofSeconds(function.spec().timeoutOrDefault()),
                endpoints.isEmpty() ? (reason == null ? "no replica is ready" : reason) : null, false, load,
                endpoints.isEmpty() && wakeable, lastStart, concurrency.of(function));
        FunctionRoute before = routes.put(key, route);
        route.load().slots().routeChanged(route);
        if (route.ready() && (before == null || !before.ready()) && log.isDebugEnabled()) {
            log.debug("{}: calls go to {}", key, route.endpoints());
        }
        listeners.forEach(listener -> listener.published(function, route, generations));
        waiting.routeChanged(key, route, route.notReadyReason());
    }

    /**
     * A function without a ready endpoint gets {@code endpoint} as its only one (and its waiting calls go to it); a
     * function that has ready endpoints keeps its route, which the next {@link #publish} completes.
     */
    void serveFirst(FunctionKey key, Endpoint endpoint, ReplicaStart start) {
        FunctionRoute[] published = new FunctionRoute[1];
        routes.computeIfPresent(key, (k, current) -> current.ready() ? current
                : (published[0] = new FunctionRoute(current.namespace(), current.name(), List.of(endpoint),
                        current.timeout(), null, current.forwardCredentials(), current.load(), false, start,
                        current.containerConcurrency())));
        if (published[0] != null) {
            published[0].load().slots().routeChanged(published[0]);
            log.debug("{}: calls go to {}", key, published[0].endpoints());
            waiting.complete(key, published[0]);
        }
    }

    /** Completes when the function has a ready endpoint; see {@link #publish}. */
    CompletableFuture<FunctionRoute> await(FunctionKey key) {
        return waiting.await(key, () -> routes.get(key)).ready();
    }

    void remove(FunctionKey key, String why) {
        routes.remove(key);
        listeners.forEach(listener -> listener.removed(key.namespace(), key.name()));
        waiting.fail(key, why);
    }

    void clear() {
        routes.clear();
        listeners.forEach(RouteListener::cleared);
        waiting.functions().forEach(key -> waiting.fail(key, "the platform is stopping"));
    }
}
