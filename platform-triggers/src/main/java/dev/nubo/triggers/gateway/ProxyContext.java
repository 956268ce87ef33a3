package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.FunctionAccess;
import dev.nubo.triggers.access.NamespaceCallMeter;
import dev.nubo.triggers.access.TenantCredentials;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.triggers.http.HttpRoutes;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Map;

/** What every connection's proxy handler shares: read-only after start. */
final class ProxyContext {

    private final FunctionEndpoints functions;
    private final HttpRoutes routes;
    private final UpstreamRequestHeaders requestHeaders;
    private final Map<EventLoop, LoopResources> loops;
    private final long graceNanos;
    private final Duration defaultTimeout;
    private final Duration wakeTimeout;
    private final WakeQueues wakeQueues;
    private final TenantCredentials credentials;
    private final NamespaceCallMeter callMeter;
    private final FunctionAccess.Mode defaultAccess;
    private final CallRecorder calls;

    ProxyContext(FunctionEndpoints functions, HttpRoutes routes, GatewayProperties properties,
            Map<EventLoop, LoopResources> loops, TenantCredentials credentials, NamespaceCallMeter callMeter,
            CallRecorder calls) {
        this.credentials = credentials;
        this.callMeter = callMeter;
        this.defaultAccess = properties.defaultAccessMode();
        this.calls = calls;
        this.functions = functions;
        this.routes = routes;
        this.requestHeaders = new UpstreamRequestHeaders(properties.sessionCookieName());
        this.loops = Map.copyOf(loops);
        this.graceNanos = properties.timeoutGrace().toNanos();
        this.defaultTimeout = properties.defaultFunctionTimeout();
        this.wakeTimeout = properties.wakeTimeout();
        this.wakeQueues = new WakeQueues(properties.wakeQueueSize());
    }

    TenantCredentials credentials() {
        return credentials;
    }

    NamespaceCallMeter callMeter() {
        return callMeter;
    }

    /** The access mode of a function whose spec names none. */
    FunctionAccess.Mode defaultAccess() {
        return defaultAccess;
    }

    Duration wakeTimeout() {
        return wakeTimeout;
    }

    /** Where every call of an existing function is counted (its metrics). */
    CallRecorder calls() {
        return calls;
    }

    WakeQueues wakeQueues() {
        return wakeQueues;
    }

    FunctionEndpoints functions() {
        return functions;
    }

    /** The HttpTrigger routes, read once per call. */
    HttpRoutes routes() {
        return routes;
    }

    UpstreamRequestHeaders requestHeaders() {
        return requestHeaders;
    }

    LoopResources resourcesOf(EventLoop loop) {
        return loops.get(loop);
    }

    Duration timeoutOf(FunctionRoute route) {
        return route.timeout() == null ? defaultTimeout : route.timeout();
    }

    /** When the gateway stops waiting: the function's timeout (its replica answers 408 then) plus the grace. */
    long deadlineNanos(Duration functionTimeout) {
        long timeout = functionTimeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos()
                : functionTimeout.toNanos();
        return timeout + graceNanos;
    }
}
