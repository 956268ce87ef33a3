package dev.nubo.core.function.service;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.ObjectProvider;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.ReplicaSlots;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/**
 * Calls a function on behalf of a user (the API's {@code POST …/invoke}, the console's invoke panel): takes a place on
 * a ready replica ({@link ReplicaSlots}, as the gateway does), waking a function scaled to zero, sets the event headers (emitter {@code api.nubo.dev}), and hands back
 * status, headers and body as the function gave them.
 */
public class FunctionInvoker {

    public static final String EMITTER = "api.nubo.dev";
    /** Whether the call had to wait for a replica to start (the function was scaled to zero or starting). */
    public static final String COLD_START_HEADER = "Nubo-Cold-Start";
    /** Not passed back: they describe the connection to the replica, not the function's answer. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length", ":status");
    /** Headers a caller cannot set: they describe the connection (the JDK client refuses some of them too). */
    private static final Set<String> NOT_SETTABLE = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length", "host", "expect");

    /**
     * What to send: {@code method} and {@code path} (with its query) reach the function as given; the API sends
     * {@code POST /}. {@code headers} are added to the event headers and replace those of the same name (a caller
     * may set its own {@code event-id}); connection headers cannot be set.
     */
    public record Invocation(String method, String path, String contentType, Map<String, String> headers, byte[] body) {

        public Invocation(String contentType, byte[] body) {
            this("POST", "/", contentType, Map.of(), body);
        }

        public Invocation(String method, String path, String contentType, byte[] body) {
            this(method, path, contentType, Map.of(), body);
        }

        public Invocation {
            method = method == null || method.isBlank() ? "POST" : method.toUpperCase(java.util.Locale.ROOT);
            path = path == null || path.isBlank() ? "/" : path.startsWith("/") ? path : "/" + path;
            headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
            body = body == null ? new byte[0] : body;
        }
    }

    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ObjectProvider<FunctionEndpoints> endpoints;
    private final Duration grace;
    private final Duration wakeTimeout;
    private final CallRecorder calls;

    public FunctionInvoker(ObjectProvider<FunctionEndpoints> endpoints, InvokeProperties properties) {
        this(endpoints, properties, CallRecorder.NONE);
    }

    /** @param calls where each call is counted (the function's metrics), as the gateway counts its calls */
    public FunctionInvoker(ObjectProvider<FunctionEndpoints> endpoints, InvokeProperties properties,
            CallRecorder calls) {
        this.endpoints = endpoints;
        this.grace = properties.invokeGrace();
        this.wakeTimeout = properties.wakeTimeout();
        this.calls = calls;
    }

    public Answer invoke(String namespace, String name, Invocation invocation) throws InterruptedException {
        Map<String, String> headers = headers(invocation); // a refused header is refused before anything wakes
        FunctionEndpoints resolver = endpoints.getIfAvailable();
        FunctionRoute route = resolver == null ? null : resolver.route(namespace, name).orElse(null);
        if (route == null) {
            throw notReady(name, "the controller has not picked it up yet");
        }
        // counted while it waits too: a held call keeps a function from scaling (back) to zero, and asks for replicas
        FunctionLoad load = route.load();
        load.begin();
        long started = System.nanoTime();
        long heldNanos = -1;
        int status = 0;
        ReplicaSlots.Lease lease = null;
        try {
            boolean cold = !route.ready();
            CompletableFuture<ReplicaSlots.Lease> place = ReplicaSlots.place(resolver, route, wakeTimeout);
            if (!place.isDone()) {
                try {
                    // scaled to zero or starting, or every replica at its cap: wait instead of failing
                    lease = place.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof ReplicaSlots.BusyException busy ? busy(name, busy.getMessage())
                            : notReady(name, e.getCause().getMessage());
                } catch (InterruptedException e) {
                    place.cancel(false);
                    throw e;
                } finally {
                    heldNanos = System.nanoTime() - started;
                }
            } else if (place.isCompletedExceptionally()) {
                throw notReady(name, route.notReadyReason());
            } else {
                lease = place.join();
            }
            Answer answer = call(name, lease, invocation, headers);
            status = answer.status();
            answer.headers().put(COLD_START_HEADER, List.of(Boolean.toString(cold)));
            return answer;
        } catch (ProblemException e) {
            status = e.status();
            throw e;
        } finally {
            if (lease != null) {
                lease.release();
            }
            load.end();
            if (status > 0) {
                calls.record(namespace, name, status, System.nanoTime() - started, heldNanos);
            }
        }
    }

    private static ProblemException busy(String name, String reason) {
        return new ProblemException(503, ProblemCodes.FUNCTION_BUSY, "Function busy",
                "function " + name + " is at capacity: " + reason);
    }

    private static ProblemException notReady(String name, String reason) {
        return new ProblemException(503, ProblemCodes.FUNCTION_NOT_READY, "Function not ready",
                "function " + name + " has no ready replica: " + reason);
    }

    private Answer call(String name, ReplicaSlots.Lease lease, Invocation invocation, Map<String, String> sent)
            throws InterruptedException {
        FunctionRoute route = lease.route();
        Endpoint endpoint = lease.endpoint();
        URI target;
        try {
            target = URI.create("http://" + endpoint + invocation.path());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the path is not a valid URL path");
        }
        HttpRequest.BodyPublisher body = invocation.body().length == 0
                && (invocation.method().equals("GET") || invocation.method().equals("HEAD")) ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(invocation.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(route.timeout().plus(grace))
                .method(invocation.method(), body);
        sent.forEach((header, value) -> {
            try {
                request.header(header, value);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST,
                        "header " + header + " is not a valid HTTP header");
            }
        });
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            response.headers().map().forEach((header, values) -> {
                if (!HOP_BY_HOP.contains(header.toLowerCase())) {
                    headers.put(header, values);
                }
            });
            return new Answer(response.statusCode(), headers, response.body());
        } catch (HttpTimeoutException e) {
            throw new ProblemException(504, ProblemCodes.FUNCTION_TIMEOUT, "Function timed out",
                    "function " + name + " did not answer within its timeout of " + route.timeout().toSeconds() + " s");
        } catch (ConnectException e) {
            throw new ProblemException(502, ProblemCodes.UPSTREAM_FAILED, "Function unreachable",
                    "the replica of function " + name + " refused the connection; it may be restarting");
        } catch (IOException e) {
            throw new ProblemException(502, ProblemCodes.UPSTREAM_FAILED, "Function failed",
                    "the call to function " + name + " failed: " + e.getMessage());
        }
    }

    /** The event headers, then the caller's own, which replace those of the same name (case-insensitive). */
    private static Map<String, String> headers(Invocation invocation) {
        Map<String, String> merged = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(eventHeaders(invocation.contentType()));
        invocation.headers().forEach((header, value) -> {
            if (NOT_SETTABLE.contains(header.toLowerCase(java.util.Locale.ROOT))) {
                throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST,
                        "header " + header + " describes the connection and cannot be set");
            }
            merged.put(header, value);
        });
        return merged;
    }

    public static Map<String, String> eventHeaders(String contentType) {
        String id = UUID.randomUUID().toString();
        String time = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String type = contentType == null ? "" : contentType;
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("event-id", id);
        headers.put("event-time", time);
        headers.put("event-type", type);
        headers.put("event-namespace", EMITTER);
        headers.put("ce-id", id);
        headers.put("ce-time", time);
        headers.put("ce-type", type.isEmpty() ? "dev.nubo.invoke" : type);
        headers.put("ce-source", EMITTER);
        headers.put("ce-specversion", "1.0");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }
}
