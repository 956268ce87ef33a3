package dev.nubo.core.distributed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.RouteWaiters;
import dev.nubo.core.function.Function;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.StoreEvent;

/**
 * {@link FunctionEndpoints} for a service that runs no function (gateway, API, console): the routes the controller
 * published in the store, held in memory (calls read a map) and replaced when {@link #refresh} finds the table
 * changed. A call for a function without a ready replica but with one coming (scaled to zero, starting) asks the
 * controller to wake it and waits until a refresh shows a ready replica. The calls counted here are reported to the
 * controller ({@link #reportLoad}), whose autoscaler decides. A route carries the cap per replica the controller
 * published, so this process's dispatchers (through {@link dev.nubo.core.endpoint.ReplicaSlots}) give a replica no
 * more calls at once than in one process; each process keeps its own count, so two processes dispatching to one
 * function may together reach twice the cap.
 *
 * <p>A function that exists in the store but has no published route (its controller is stopped or restarting, or
 * has not published it yet) is not ready, not missing: its route says so and is wakeable, so the gateway holds its
 * calls until a controller publishes a ready replica (up to its wake timeout, then 503), instead of answering 404.
 */
public class StoreFunctionEndpoints implements FunctionEndpoints {

    private static final Logger log = LoggerFactory.getLogger(StoreFunctionEndpoints.class);
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    /** The reason a function without a published route gives. */
    public static final String NO_CONTROLLER = "no controller runs the function now (stopped, restarting or taking"
            + " over); calls wait for it";

    private record Key(String namespace, String name) {
    }

    private final StoreRouteTable table;
    private final DistributedProperties properties;
    private final HttpClient http;
    private volatile Map<Key, FunctionRoute> routes = Map.of();
    private volatile Map<Key, String> controllers = Map.of();
    private volatile StoreRouteTable.Marker seen;
    /** One load counter per function, kept across refreshes: dispatchers in this service count on it. */
    private final Map<Key, FunctionLoad> loads = new ConcurrentHashMap<>();
    private final RouteWaiters<Key> waiting = new RouteWaiters<>();
    /** Calls counted at the last load report, per function (what was reported since). */
    private final Map<Key, long[]> reported = new ConcurrentHashMap<>();
    private final String reporter = java.util.UUID.randomUUID().toString();
    /** The functions in the store and their timeouts (kept by the store's events); null without a function store. */
    private final FunctionStore functions;
    private final Map<Key, Duration> existing = new ConcurrentHashMap<>();
    private volatile boolean existingKnown;

    /** Routes only: a function without a published route is unknown (404). */
    public StoreFunctionEndpoints(StoreRouteTable table, DistributedProperties properties) {
        this(table, properties, null);
    }

    /**
     * @param functions the function store, so that a function without a published route is told apart from one that
     *                  does not exist
     */
    public StoreFunctionEndpoints(StoreRouteTable table, DistributedProperties properties, FunctionStore functions) {
        this.table = table;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.callTimeout()).build();
        this.functions = functions;
        if (functions != null) {
            functions.subscribe(this::onFunctionEvent);
        }
    }

    @Override
    public Optional<FunctionRoute> route(String namespace, String name) {
        Key key = new Key(namespace, name);
        FunctionRoute route = routes.get(key);
        if (route != null) {
            return Optional.of(route);
        }
        Duration timeout = existing.get(key);
        if (timeout == null) {
            return Optional.empty();
        }
        return Optional.of(new FunctionRoute(namespace, name, List.of(), timeout, NO_CONTROLLER, false,
                loads.computeIfAbsent(key, k -> new FunctionLoad()), true));
    }

    private void onFunctionEvent(StoreEvent<Function> event) {
        Function function = event.resource();
        Key key = new Key(function.metadata().namespace(), function.metadata().name());
        if (event.type() == StoreEvent.Type.DELETED) {
            existing.remove(key);
            if (!routes.containsKey(key)) {
                waiting.fail(key, "function " + key.name() + " was deleted");
            }
        } else {
            existing.put(key, Duration.ofSeconds(function.spec().timeoutOrDefault()));
        }
    }

    /** Takes stock of the functions once (later changes arrive as events). */
    private void knowFunctions() {
        if (functions == null || existingKnown) {
            return;
        }
        functions.listAll().forEach(f -> existing.putIfAbsent(new Key(f.metadata().namespace(), f.metadata().name()),
                Duration.ofSeconds(f.spec().timeoutOrDefault())));
        existingKnown = true;
    }

    /** The URL of the controller that runs the function, where its log is read; empty when none published it. */
    public Optional<String> controllerUrl(String namespace, String name) {
        return Optional.ofNullable(controllers.get(new Key(namespace, name)));
    }

    @Override
    public CompletableFuture<FunctionRoute> awaitReady(String namespace, String name, Duration maxWait) {
        Key key = new Key(namespace, name);
        FunctionRoute route = route(namespace, name).orElse(null);
        if (route != null && route.ready()) {
            return CompletableFuture.completedFuture(route);
        }
        if (route == null || !route.wakeable()) {
            return CompletableFuture.failedFuture(new NotReadyException(route == null
                    ? "no function " + name + " in namespace " + namespace : route.notReadyReason()));
        }
        CompletableFuture<FunctionRoute> ready = waiting.await(key, () -> routes.get(key)).ready();
        if (ready.isDone()) {
            return ready;
        }
        wake(key);
        return RouteWaiters.bounded(ready, maxWait, route.notReadyReason());
    }

    /** Asks the function's controller for a replica (it scales a function at zero to one). */
    private void wake(Key key) {
        String controller = controllers.get(key);
        if (controller == null) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controller + "/internal/v1/functions/"
                + key.namespace() + "/" + key.name() + "/wake")).timeout(properties.callTimeout())
                .POST(HttpRequest.BodyPublishers.noBody());
        if (!properties.internalToken().isEmpty()) {
            request.header(DistributedProperties.TOKEN_HEADER, properties.internalToken());
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() >= 300) {
                log.warn("could not wake {}/{} at {}: {}", key.namespace(), key.name(), controller,
                        failure != null ? failure.toString() : "status " + response.statusCode());
            }
        });
    }

    /**
     * Tells each function's controller the calls in flight here and whether there were calls since the last report
     * (its autoscaler and idle timer count them as its own), for every function with calls now or since the last
     * report, and once more when they dropped to zero. Called by the poller after {@link #refresh}.
     */
    public void reportLoad() {
        Map<String, List<Map<String, Object>>> byController = new java.util.HashMap<>();
        loads.forEach((key, load) -> {
            int inFlight = load.inFlightHere();
            long calls = load.calls();
            long[] last = reported.getOrDefault(key, new long[] {0, 0});
            boolean called = calls != last[1];
            if (inFlight == 0 && !called && last[0] == 0) {
                return;
            }
            String controller = controllers.get(key);
            if (controller == null) {
                return;
            }
            reported.put(key, new long[] {inFlight, calls});
            byController.computeIfAbsent(controller, c -> new java.util.ArrayList<>()).add(Map.of(
                    "namespace", key.namespace(), "name", key.name(), "inFlight", inFlight, "called", called));
        });
        reported.keySet().retainAll(loads.keySet());
        byController.forEach((controller, functions) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controller + "/internal/v1/load"))
                    .timeout(properties.callTimeout()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("reporter", reporter, "functions", functions))));
            if (!properties.internalToken().isEmpty()) {
                request.header(DistributedProperties.TOKEN_HEADER, properties.internalToken());
            }
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null || response.statusCode() >= 300) {
                    log.debug("load report to {} failed: {}", controller,
                            failure != null ? failure.toString() : "status " + response.statusCode());
                }
            });
        });
    }

    /** Reads the table again when it changed since the last look (one aggregate query otherwise). */
    public void refresh() {
        knowFunctions();
        StoreRouteTable.Marker marker = table.marker();
        if (marker.equals(seen)) {
            return;
        }
        Map<Key, FunctionRoute> nextRoutes = new ConcurrentHashMap<>();
        Map<Key, String> nextControllers = new ConcurrentHashMap<>();
        for (StoreRouteTable.StoredRoute stored : table.readAll()) {
            Key key = new Key(stored.namespace(), stored.name());
            FunctionLoad load = loads.computeIfAbsent(key, k -> new FunctionLoad());
            List<dev.nubo.core.endpoint.Endpoint> endpoints = stored.endpoints().stream()
                    .map(StoreRouteTable.StoredEndpoint::endpoint).toList();
            nextRoutes.put(key, new FunctionRoute(stored.namespace(), stored.name(), endpoints, stored.timeout(),
                    endpoints.isEmpty() ? stored.notReadyReason() : null, false, load,
                    endpoints.isEmpty() && stored.wakeable(), null, stored.containerConcurrency()));
            nextControllers.put(key, stored.controllerUrl());
        }
        loads.keySet().removeIf(key -> !nextRoutes.containsKey(key) && !existing.containsKey(key));
        routes = nextRoutes;
        nextRoutes.values().forEach(route -> route.load().slots().routeChanged(route));
        controllers = nextControllers;
        seen = marker;
        for (Key key : waiting.functions()) {
            FunctionRoute route = nextRoutes.get(key);
            if (route != null) {
                waiting.routeChanged(key, route, route.notReadyReason());
            } else if (!existing.containsKey(key)) {
                waiting.fail(key, "function " + key.name() + " was deleted");
            } // else: its controller is away, the call waits for the next one
        }
    }
}
