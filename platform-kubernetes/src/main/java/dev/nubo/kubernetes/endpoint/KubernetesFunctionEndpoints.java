package dev.nubo.kubernetes.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.nubo.core.autoscale.FunctionConcurrency;
import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.RouteWaiters;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.model.Condition;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.kubernetes.function.FunctionWorkloads;
import dev.nubo.kubernetes.store.NamespaceMapping;

/**
 * {@link FunctionEndpoints} on the Kubernetes backend: each Function (timeout, status), as the store's informer keeps
 * it ({@link FunctionStore}: its events say which function changed, its cache what the function now is — one informer
 * on the Functions per process, not one here beside the store's), and the ready endpoints of its Service's
 * EndpointSlices ({@code kubernetes.io/service-name} = the function's name), kept in memory by an informer, so a call
 * reads a map. A function without a ready endpoint that has not failed is {@link FunctionRoute#wakeable() wakeable}:
 * a caller holds the call in {@link #awaitReady}, which asks the {@link FunctionWaker} for a replica once per wake
 * (not once per held call) and completes when an EndpointSlice shows a ready endpoint. The calls counted here (in
 * flight, held) are this process's {@link #samples() concurrency}, which the gateway publishes for the operator's
 * scaler. Routes are keyed by Nubo namespace; the slices live in its Kubernetes namespace ({@link NamespaceMapping}).
 */
public final class KubernetesFunctionEndpoints implements FunctionEndpoints, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesFunctionEndpoints.class);
    private static final String SERVICE_NAME_LABEL = EndpointSlices.SERVICE_NAME_LABEL;

    private record Key(String namespace, String name) {
    }

    /** One function counted in this process: its calls in flight and held. */
    public record Counted(String namespace, String name, FunctionConcurrency.Sample sample) {
    }

    private final FunctionStore functions;
    private final KubernetesClient client;
    private final List<String> namespaces;
    private final NamespaceMapping mapping;
    private final FunctionWaker waker;
    private final Clock clock;
    /** The function's Service's slices, by slice name. */
    private final Map<Key, Map<String, EndpointSlice>> slices = new ConcurrentHashMap<>();
    private final Map<Key, FunctionRoute> routes = new ConcurrentHashMap<>();
    /** One load counter per function for as long as it exists: dispatchers count on it. */
    private final Map<Key, FunctionLoad> loads = new ConcurrentHashMap<>();
    private final RouteWaiters<Key> waiting = new RouteWaiters<>();
    /** Writing the wake annotation is a blocking API call: never on a caller's thread. */
    private final ExecutorService wakes = Executors.newSingleThreadExecutor(Thread.ofVirtual()
            .name("nubo-k8s-wake").factory());
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final int defaultContainerConcurrency;

    /**
     * @param functions  the store's Functions (started: its cache is filled)
     * @param namespaces the Kubernetes namespaces whose functions are routed and EndpointSlices watched; empty: all
     * @param defaultContainerConcurrency calls one pod is given at once by this process when its function's
     *                   {@code scaling.containerConcurrency} says nothing (0: no cap)
     */
    public KubernetesFunctionEndpoints(FunctionStore functions, KubernetesClient client, List<String> namespaces,
            NamespaceMapping mapping, FunctionWaker waker, Clock clock, int defaultContainerConcurrency) {
        this.defaultContainerConcurrency = defaultContainerConcurrency;
        this.functions = functions;
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
        this.mapping = mapping;
        this.waker = waker;
        this.clock = clock;
    }

    /** Follows the store's Functions and starts the EndpointSlice informers; returns once their caches are filled. */
    public void start() {
        // subscribed before the first read: a change in between is applied twice, never missed (update reads the cache)
        functions.subscribe(event -> follow(event.resource()));
        functions.listAll().forEach(this::follow);
        if (namespaces.isEmpty()) {
            informers.add(client.discovery().v1().endpointSlices().inAnyNamespace().withLabel(SERVICE_NAME_LABEL)
                    .inform(sliceEvents()));
        } else {
            for (String namespace : namespaces) {
                informers.add(client.discovery().v1().endpointSlices().inNamespace(namespace)
                        .withLabel(SERVICE_NAME_LABEL).inform(sliceEvents()));
            }
        }
    }

    /** Rebuilds the route of a function in a watched namespace. */
    private void follow(Function function) {
        if (namespaces.isEmpty() || namespaces.contains(mapping.toCluster(function.namespace()))) {
            update(new Key(function.namespace(), function.name()));
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        wakes.shutdownNow();
    }

    @Override
    public Optional<FunctionRoute> route(String namespace, String name) {
        return Optional.ofNullable(routes.get(new Key(namespace, name)));
    }

    @Override
    public CompletableFuture<FunctionRoute> awaitReady(String namespace, String name, Duration maxWait) {
        Key key = new Key(namespace, name);
        FunctionRoute route = routes.get(key);
        if (route != null && route.ready()) {
            return CompletableFuture.completedFuture(route);
        }
        if (route == null || !route.wakeable()) {
            return CompletableFuture.failedFuture(new NotReadyException(route == null
                    ? "no function " + name + " in namespace " + namespace : route.notReadyReason()));
        }
        RouteWaiters.Waiter waiter = waiting.await(key, () -> routes.get(key));
        if (waiter.ready().isDone()) {
            return waiter.ready();
        }
        if (waiter.first()) {
            wakes.execute(() -> wake(key));
        }
        return RouteWaiters.bounded(waiter.ready(), maxWait, route.notReadyReason());
    }

    private void wake(Key key) {
        try {
            waker.wake(key.namespace(), key.name());
        } catch (RuntimeException e) {
            // the held calls still end at their wait's bound; the scaler also sees them as held
            log.warn("could not wake {}/{}: {}", key.namespace(), key.name(), e.toString());
        }
    }

    /** Calls in flight (held ones not included) and held here, per function with either or a call ever made. */
    public List<Counted> samples() {
        List<Counted> counted = new ArrayList<>();
        long nowNanos = System.nanoTime();
        Instant now = clock.instant();
        loads.forEach((key, load) -> {
            int held = waiting.count(key);
            if (load.calls() == 0 && held == 0) {
                return;
            }
            // dispatchers count a held call as in flight too (it keeps the function from idling)
            int inFlight = Math.max(0, load.inFlightHere() - held);
            Instant lastCall = now.minusNanos(Math.max(0, nowNanos - load.lastCallNanos()));
            counted.add(new Counted(key.namespace(), key.name(),
                    new FunctionConcurrency.Sample(inFlight, held, lastCall)));
        });
        counted.sort(Comparator.comparing(Counted::namespace).thenComparing(Counted::name));
        return counted;
    }

    private ResourceEventHandler<EndpointSlice> sliceEvents() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice slice) {
                Key key = serviceOf(slice);
                if (key != null) {
                    slices.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(slice.getMetadata().getName(), slice);
                    update(key);
                }
            }

            @Override
            public void onUpdate(EndpointSlice before, EndpointSlice after) {
                onAdd(after);
            }

            @Override
            public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
                Key key = serviceOf(slice);
                if (key != null) {
                    Map<String, EndpointSlice> byName = slices.get(key);
                    if (byName != null) {
                        byName.remove(slice.getMetadata().getName());
                    }
                    update(key);
                }
            }
        };
    }

    /** The function a slice serves, by Nubo namespace; null for a slice of no Service or of no Nubo namespace. */
    private Key serviceOf(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        String namespace = mapping.toNubo(slice.getMetadata().getNamespace());
        return service == null || namespace == null ? null : new Key(namespace, service);
    }

    /** Rebuilds one function's route from the cache; releases or fails the calls held for it. */
    private synchronized void update(Key key) {
        Function function = functions.get(key.namespace(), key.name()).orElse(null);
        if (function == null) {
            routes.remove(key);
            loads.remove(key);
            waiting.routeChanged(key, null, "function " + key.name() + " was deleted");
            return;
        }
        FunctionRoute route = route(key, function, readyEndpoints(slices.getOrDefault(key, Map.of())));
        routes.put(key, route);
        route.load().slots().routeChanged(route); // calls waiting for a place see the new pods and cap
        waiting.routeChanged(key, route, route.notReadyReason());
    }

    private FunctionRoute route(Key key, Function function, List<Endpoint> endpoints) {
        FunctionLoad load = loads.computeIfAbsent(key, k -> new FunctionLoad());
        Duration timeout = Duration.ofSeconds(function.spec().timeoutOrDefault());
        int cap = Scaling.containerConcurrencyOf(function.spec().scaling(), defaultContainerConcurrency);
        if (!endpoints.isEmpty()) {
            return new FunctionRoute(key.namespace(), key.name(), endpoints, timeout, null, false, load, false, null,
                    cap);
        }
        FunctionStatus status = function.status();
        boolean failed = status != null && status.phase() == FunctionPhase.Failed;
        return new FunctionRoute(key.namespace(), key.name(), List.of(), timeout, notReadyReason(status), false, load,
                !failed, null, cap);
    }

    /** The Ready condition's message, else the phase: what a 503 tells the caller. */
    static String notReadyReason(FunctionStatus status) {
        if (status == null || status.phase() == null) {
            return "no replica is ready yet";
        }
        if (status.conditions() != null) {
            for (Condition condition : status.conditions()) {
                if ("Ready".equals(condition.type()) && condition.message() != null && !condition.message().isBlank()) {
                    return condition.message();
                }
            }
        }
        return status.phase() == FunctionPhase.ScaledToZero ? "scaled to zero" : "no replica is ready (phase "
                + status.phase() + ")";
    }

    /** The ready endpoints of the slices, in a stable order (dispatchers balance over them). */
    static List<Endpoint> readyEndpoints(Map<String, EndpointSlice> slices) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (EndpointSlice slice : slices.values()) {
            Integer port = portOf(slice);
            if (port != null) {
                EndpointSlices.readyAddresses(slice).forEach(address -> endpoints.add(new Endpoint(address, port)));
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::host).thenComparingInt(Endpoint::port));
        return endpoints;
    }

    private static Integer portOf(EndpointSlice slice) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort port : slice.getPorts()) {
            if (port.getPort() != null && (FunctionWorkloads.PORT_NAME.equals(port.getName())
                    || slice.getPorts().size() == 1)) {
                return port.getPort();
            }
        }
        return null;
    }
}
