package dev.nubo.core.endpoint;

import java.time.Duration;
import java.util.List;

/**
 * What a dispatcher needs to call a function: its ready endpoints and its timeout. A function that exists
 * but has no ready endpoint carries the reason, so callers can answer 503 with it instead of 404.
 *
 * @param endpoints          ready replicas, in a stable order (dispatchers balance over them)
 * @param timeout            the function's own timeout (spec.timeoutSeconds)
 * @param notReadyReason     why no endpoint is ready, or null when there are endpoints
 * @param forwardCredentials whether callers' Authorization and session cookie may reach the function
 * @param load               the function's calls in flight: dispatchers count each call ({@code begin}/{@code end})
 * @param wakeable           without endpoints: whether a replica is coming (scaled to zero, or starting), so a
 *                           caller may hold the call and {@link FunctionEndpoints#awaitReady wait} for it instead of
 *                           failing
 * @param lastStart          how the replica that became ready last came up (specialized or started, and how long it
 *                           took), or null when unknown: a call that waited for it reports it
 * @param containerConcurrency most calls one endpoint is given at once ({@code 0}: no cap); dispatchers take places
 *                           through {@link FunctionLoad#slots()}, so every dispatcher of this process keeps to it
 */
public record FunctionRoute(String namespace, String name, List<Endpoint> endpoints, Duration timeout,
        String notReadyReason, boolean forwardCredentials, FunctionLoad load, boolean wakeable,
        ReplicaStart lastStart, int containerConcurrency) {

    public FunctionRoute {
        endpoints = List.copyOf(endpoints);
        load = load == null ? new FunctionLoad() : load;
        containerConcurrency = Math.max(0, containerConcurrency);
    }

    /** Without a per-endpoint cap. */
    public FunctionRoute(String namespace, String name, List<Endpoint> endpoints, Duration timeout,
            String notReadyReason, boolean forwardCredentials, FunctionLoad load, boolean wakeable,
            ReplicaStart lastStart) {
        this(namespace, name, endpoints, timeout, notReadyReason, forwardCredentials, load, wakeable, lastStart, 0);
    }

    public FunctionRoute(String namespace, String name, List<Endpoint> endpoints, Duration timeout,
            String notReadyReason, boolean forwardCredentials, FunctionLoad load, boolean wakeable) {
        this(namespace, name, endpoints, timeout, notReadyReason, forwardCredentials, load, wakeable, null);
    }

    /** A route nobody scales: its own load counter, never wakeable. */
    public FunctionRoute(String namespace, String name, List<Endpoint> endpoints, Duration timeout,
            String notReadyReason, boolean forwardCredentials) {
        this(namespace, name, endpoints, timeout, notReadyReason, forwardCredentials, null, false, null);
    }

    public boolean ready() {
        return !endpoints.isEmpty();
    }
}
