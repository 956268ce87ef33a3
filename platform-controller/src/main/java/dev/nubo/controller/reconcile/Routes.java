package dev.nubo.controller.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.Function;

/** Where each function answers right now: what the gateway and the dispatchers read on every call. */
final class Routes {

    private final Map<FunctionKey, FunctionRoute> routes = new ConcurrentHashMap<>();

    Optional<FunctionRoute> get(FunctionKey key) {
        return Optional.ofNullable(routes.get(key));
    }

    /** Calls go to {@code endpoints}; with none, callers are told {@code reason}. */
    void publish(Function function, List<Endpoint> endpoints, String reason) {
        routes.put(FunctionKey.of(function), new FunctionRoute(function.namespace(), function.name(), endpoints,
                Duration.ofSeconds(function.spec().timeoutOrDefault()),
                endpoints.isEmpty() ? (reason == null ? "no replica is ready" : reason) : null, false));
    }

    void remove(FunctionKey key) {
        routes.remove(key);
    }

    void clear() {
        routes.clear();
    }
}
