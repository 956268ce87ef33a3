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
import java.util.concurrent.atomic.AtomicReference;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.ReplicaSlots;
import dev.nubo.core.metrics.CallRecorder;

/**
 * {@link FunctionCaller} over the JDK's asynchronous HTTP client: resolves the function through
 * {@link FunctionEndpoints} on every call, takes a place on a ready replica ({@link ReplicaSlots}, as the gateway
 * does: least loaded, within the function's containerConcurrency, waiting when all are at it), POSTs the event, and gives up after the function's own
 * timeout plus a grace.
 */
public class HttpFunctionCaller implements FunctionCaller {

    private final FunctionEndpoints endpoints;
    private final Duration grace;
    private final Duration wakeTimeout;
    private final HttpClient client;
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
        // a held call counts too: it keeps the function from scaling to zero, and asks for replicas
        load.begin();
        long[] heldNanos = {-1};
        CompletableFuture<ReplicaSlots.Lease> place = ReplicaSlots.place(endpoints, route, wakeTimeout);
        CompletableFuture<CallResult> result;
        if (place.isDone() && !place.isCompletedExceptionally()) {
            // derived from sendAsync itself: a caller's cancel aborts the exchange
            ReplicaSlots.Lease lease = place.join();
            result = send(lease, event, started);
            result.whenComplete((answer, failure) -> lease.release());
        } else if (place.isDone()) {
            result = CompletableFuture.completedFuture(CallResult.failed(CallResult.Outcome.FUNCTION_NOT_READY,
                    Duration.ZERO, route.notReadyReason()));
        } else {
            result = held(place, event, started, heldNanos);
        }
        result.whenComplete((answer, failure) -> {
            load.end();
            if (answer != null) {
                calls.record(namespace, function, statusOf(answer), System.nanoTime() - started, heldNanos[0]);
            }
        });
        return result;
    }

    /**
     * A call waiting for its place (its function waking, or every replica at its cap): sent when it gets one. A
     * cancel gives up the wait, or aborts the exchange once sent.
     */
    private CompletableFuture<CallResult> held(CompletableFuture<ReplicaSlots.Lease> place, FunctionEvent event,
            long started, long[] heldNanos) {
        CompletableFuture<CallResult> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<CallResult>> sending = new AtomicReference<>();
        place.whenComplete((lease, failure) -> {
            heldNanos[0] = System.nanoTime() - started;
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                result.complete(CallResult.failed(CallResult.Outcome.FUNCTION_NOT_READY,
                        Duration.ofNanos(System.nanoTime() - started), cause.getMessage()));
                return;
            }
            if (result.isDone()) {
                lease.release();
                return;
            }
            CompletableFuture<CallResult> sent = send(lease, event, started);
            sending.set(sent);
            sent.whenComplete((answer, error) -> {
                lease.release();
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(answer);
                }
            });
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        result.whenComplete((answer, failure) -> {
            if (result.isCancelled()) {
                place.cancel(false);
                CompletableFuture<CallResult> sent = sending.get();
                if (sent != null) {
                    sent.cancel(true);
                }
            }
        });
        return result;
    }

    private CompletableFuture<CallResult> send(ReplicaSlots.Lease lease, FunctionEvent event, long started) {
        FunctionRoute route = lease.route();
        Endpoint endpoint = lease.endpoint();
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
