package dev.nubo.core.endpoint;

import java.time.Duration;
import java.util.List;

/**
 * What a dispatcher needs to call a function: its ready endpoints and its timeout. A function that exists
 * but has no ready endpoint carries the reason, so callers can answer 503 with it instead of 404.
 *
 * @param endpoints      ready replicas, in a stable order (dispatchers balance over them)
 * @param timeout        the function's own timeout (spec.timeoutSeconds)
 * @param notReadyReason why no endpoint is ready, or null when there are endpoints
 * @param forwardCredentials whether callers' Authorization and session cookie may reach the function
 */
public record FunctionRoute(String namespace, String name, List<Endpoint> endpoints, Duration timeout,
        String notReadyReason, boolean forwardCredentials) {

    public FunctionRoute {
        endpoints = List.copyOf(endpoints);
    }

    public boolean ready() {
        return !endpoints.isEmpty();
    }
}
