package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Functions whose routes a test sets by hand, in place of the process supervisor. */
public final class StaticFunctionEndpoints implements FunctionEndpoints {

    private final Map<String, FunctionRoute> routes = new ConcurrentHashMap<>();

    @Override
    public Optional<FunctionRoute> route(String namespace, String name) {
        return Optional.ofNullable(routes.get(namespace + "/" + name));
    }

    public StaticFunctionEndpoints put(FunctionRoute route) {
        routes.put(route.namespace() + "/" + route.name(), route);
        return this;
    }

    public StaticFunctionEndpoints ready(String namespace, String name, Duration timeout, Endpoint... endpoints) {
        return put(new FunctionRoute(namespace, name, List.of(endpoints), timeout, null, false));
    }

    /** Ready endpoints, each given at most {@code containerConcurrency} calls at once. */
    public StaticFunctionEndpoints capped(String namespace, String name, int containerConcurrency,
            Endpoint... endpoints) {
        return put(new FunctionRoute(namespace, name, List.of(endpoints), Duration.ofSeconds(30), null, false,
                null, false, null, containerConcurrency));
    }

    public StaticFunctionEndpoints ready(String namespace, String name, Endpoint... endpoints) {
        return ready(namespace, name, Duration.ofSeconds(30), endpoints);
    }
}
