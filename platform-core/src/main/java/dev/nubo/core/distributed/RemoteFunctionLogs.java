package dev.nubo.core.distributed;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.core.logs.FunctionLogs;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link FunctionLogs} read from the controller that runs the function, over its internal HTTP endpoint (the log
 * files stay on the controller's disk; its URL comes with the function's published route). A tail is one GET; a
 * follow is one streamed GET of JSON lines: first the backlog (an array), then one string per new line, blank lines
 * as heartbeats.
 */
public class RemoteFunctionLogs implements FunctionLogs {

    private static final Logger log = LoggerFactory.getLogger(RemoteFunctionLogs.class);
    private static final TypeReference<List<String>> LINES = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How soon a follow whose stream ended tries again. */
    static final java.time.Duration RESUME_DELAY = java.time.Duration.ofSeconds(1);

    private final StoreFunctionEndpoints endpoints;
    private final DistributedProperties properties;
    private final HttpClient http;

    public RemoteFunctionLogs(StoreFunctionEndpoints endpoints, DistributedProperties properties) {
        this.endpoints = endpoints;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.callTimeout()).build();
    }

    @Override
    public List<String> tail(String namespace, String name, int lines) {
        Optional<HttpRequest> request = request(namespace, name, lines, false);
        if (request.isEmpty()) {
            return List.of();
        }
        try {
            HttpResponse<String> response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the controller answered " + response.statusCode()
                        + " for the log of " + namespace + "/" + name);
            }
            return JSON.readValue(response.body(), LINES);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the controller's log endpoint did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the log of " + namespace + "/" + name, e);
        }
    }

    /**
     * A streamed GET; when the stream ends while the subscription is open (the controller restarted, or another took
     * over), it is opened again every {@link #RESUME_DELAY} with no backlog, so the reader goes on with the lines
     * written from then on (lines written while no controller answered are not repeated, and may be missed).
     */
    @Override
    public Subscription follow(String namespace, String name, int tailLines, Consumer<List<String>> backlog,
            Consumer<String> listener) {
        AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean backlogSent = new AtomicBoolean();
        if (!connect(namespace, name, tailLines, backlog, listener, upstream, closed, backlogSent)) {
            backlog.accept(List.of());
            return () -> { };
        }
        return () -> {
            if (closed.compareAndSet(false, true)) {
                Flow.Subscription subscription = upstream.get();
                if (subscription != null) {
                    subscription.cancel();
                }
            }
        };
    }

    /** One streamed GET of the follow; false when no controller runs the function. */
    private boolean connect(String namespace, String name, int tailLines, Consumer<List<String>> backlog,
            Consumer<String> listener, AtomicReference<Flow.Subscription> upstream, AtomicBoolean closed,
            AtomicBoolean backlogSent) {
        Optional<HttpRequest> request = request(namespace, name, tailLines, true);
        if (request.isEmpty()) {
            return false;
        }
        AtomicBoolean connectionBacklog = new AtomicBoolean(); // each connection starts with one (empty on resume)
        Runnable resume = () -> {
            if (!closed.get()) {
                log.debug("log follow of {}/{} ended: resuming", namespace, name);
                resumeLater(namespace, name, backlog, listener, upstream, closed, backlogSent);
            }
        };
        Flow.Subscriber<String> lines = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                upstream.set(subscription);
                if (closed.get()) {
                    subscription.cancel();
                } else {
                    subscription.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(String line) {
                if (line.isBlank() || closed.get()) {
                    return; // heartbeat
                }
                if (connectionBacklog.compareAndSet(false, true)) {
                    List<String> first = JSON.readValue(line, LINES);
                    if (backlogSent.compareAndSet(false, true)) {
                        backlog.accept(first);
                    } else {
                        first.forEach(listener);
                    }
                } else {
                    listener.accept(JSON.readValue(line, String.class));
                }
            }

            @Override
            public void onError(Throwable failure) {
                resume.run();
            }

            @Override
            public void onComplete() {
                resume.run();
            }
        };
        http.sendAsync(request.get(), info -> {
            if (info.statusCode() == 200) {
                return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
            }
            log.warn("the controller answered {} to a follow of the log of {}/{}", info.statusCode(), namespace, name);
            if (backlogSent.compareAndSet(false, true)) {
                backlog.accept(List.of());
            }
            return HttpResponse.BodySubscribers.discarding();
        }).whenComplete((response, failure) -> {
            if (failure == null) {
                return;
            }
            if (backlogSent.compareAndSet(false, true)) {
                log.warn("could not follow the log of {}/{}: {}", namespace, name, failure.toString());
                backlog.accept(List.of());
            } else {
                resume.run(); // the controller does not answer yet: try again
            }
        });
        return true;
    }

    /** No controller publishes the function now: look again later, while the reader still follows. */
    private void resumeLater(String namespace, String name, Consumer<List<String>> backlog, Consumer<String> listener,
            AtomicReference<Flow.Subscription> upstream, AtomicBoolean closed, AtomicBoolean backlogSent) {
        CompletableFuture.delayedExecutor(RESUME_DELAY.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!closed.get() && !connect(namespace, name, 0, backlog, listener, upstream, closed, backlogSent)) {
                resumeLater(namespace, name, backlog, listener, upstream, closed, backlogSent);
            }
        });
    }

    private Optional<HttpRequest> request(String namespace, String name, int lines, boolean follow) {
        return endpoints.controllerUrl(namespace, name).map(controller -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controller + "/internal/v1/logs/"
                    + encode(namespace) + "/" + encode(name) + "?tail=" + lines + (follow ? "&follow=true" : "")));
            if (!follow) {
                request.timeout(properties.callTimeout().multipliedBy(2));
            }
            if (!properties.internalToken().isEmpty()) {
                request.header(DistributedProperties.TOKEN_HEADER, properties.internalToken());
            }
            return request.GET().build();
        });
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
