package dev.nubo.triggers.dispatch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.metrics.CallRecorder;

/**
 * {@link FunctionCaller} over the JDK's asynchronous HTTP client: resolves the function's ready replicas through
 * {@link FunctionEndpoints} on every call (round robin), POSTs the event, and gives up after the function's own
 * timeout plus a grace.
 */
public class HttpFunctionCaller implements FunctionCaller {

    private final FunctionEndpoints endpoints;
    private final Duration grace;
    private final Duration wakeTimeout;
    private final HttpClient client;
    private final AtomicInteger next = new AtomicInteger();
    private final CallRecorder calls;

    public HttpFunctionCaller(FunctionEndpoints endpoints, Duration grace) {
        this(endpoints, grace, Duration.ofSeconds(60));
    }

    /** @param wakeTimeout how long a call waits for a function without a ready replica (scaled to zero, starting) */
    public HttpFunctionCaller(FunctionEndpoints endpoints, Duration grace, Duration wakeTimeout) {
        this(endpoints, grace, wakeTimeout, CallRecorder.NONE);
    }

    /** @param calls where each call of an existing function is counted (its metrics) */
    public HttpFunctionCaller(FunctionEndpoints endpoints, Duration grace, Duration wakeTimeout,
            CallRecorder calls) {
        this.calls = calls;
        this.endpoints = endpoints;
        this.grace = grace;
        this.wakeTimeout = wakeTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public CompletableFuture<CallResult> call(String namespace, String function, FunctionEvent event) {
        long started = System.nanoTime();
        Optional<FunctionRoute> found = endpoints.route(namespace, function);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(CallResult.failed(CallResult.Outcome.FUNCTION_NOT_FOUND,
                    Duration.ZERO, "no function " + function + " in namespace " + namespace));
        }
        FunctionRoute route = found.get();
        FunctionLoad load = route.load();
        load.begin(); // a call waiting for a replica counts too: it keeps the function from scaling to zero
        CompletableFuture<CallResult> result;
        long[] heldNanos = {-1};
        if (route.ready()) {
            result = send(route, event, started);
        } else if (route.wakeable()) {
            // scaled to zero or starting: wait for a replica (the wait is part of the call's time)
            result = endpoints.awaitReady(namespace, function, wakeTimeout).handle((ready, failure) -> {
                heldNanos[0] = System.nanoTime() - started;
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    return CompletableFuture.completedFuture(CallResult.failed(CallResult.Outcome.FUNCTION_NOT_READY,
                            Duration.ofNanos(System.nanoTime() - started), cause.getMessage()));
                }
                return send(ready, event, started);
            }).thenCompose(call -> call);
        } else {
            result = CompletableFuture.completedFuture(CallResult.failed(CallResult.Outcome.FUNCTION_NOT_READY,
                    Duration.ZERO, route.notReadyReason()));
        }
        result.whenComplete((answer, failure) -> {
            load.end();
            if (answer != null) {
                calls.record(namespace, function, statusOf(answer), System.nanoTime() - started, heldNanos[0]);
            }
        });
        return result;
    }

    private CompletableFuture<CallResult> send(FunctionRoute route, FunctionEvent event, long started) {
        Endpoint endpoint = route.endpoints().get(Math.floorMod(next.getAndIncrement(), route.endpoints().size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"))
                .timeout(route.timeout().plus(grace))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.data()));
        EventRequestHeaders.of(event).forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    if (failure == null) {
                        return new CallResult(CallResult.Outcome.ANSWERED, response.statusCode(),
                                headers(response), response.body(), took, null);
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof HttpTimeoutException) {
                        return CallResult.failed(CallResult.Outcome.TIMED_OUT, took,
                                "no answer within " + route.timeout().toSeconds() + " s");
                    }
                    String detail = cause instanceof ConnectException ? "connection refused by " + endpoint
                            : cause instanceof IOException ? cause.getMessage() : cause.toString();
                    return CallResult.failed(CallResult.Outcome.CONNECTION_FAILED, took, detail);
                });
    }

    /** The status a gateway caller would have got for the same outcome. */
    private static int statusOf(CallResult result) {
        return switch (result.outcome()) {
            case ANSWERED -> result.status();
            case TIMED_OUT -> 504;
            case FUNCTION_NOT_READY -> 503;
            default -> 502;
        };
    }

    private static Map<String, List<String>> headers(HttpResponse<?> response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values));
        return headers;
    }
}
