package dev.nubo.controller.kubernetes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.nubo.core.autoscale.FunctionConcurrency;
import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.kubernetes.endpoint.EndpointSlices;

/**
 * {@link FunctionConcurrency} from the gateways: every poll interval it asks each gateway pod's
 * {@code /_nubo/concurrency} (found through its Service's EndpointSlices, or a configured URL list) and sums the calls
 * in flight and held per function; the scaler reads the last sums from memory. A gateway that does not answer in time
 * is left out of that poll.
 */
final class GatewayConcurrency implements FunctionConcurrency, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayConcurrency.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PATH = "/_nubo/concurrency";

    private record Key(String namespace, String name) {
    }

    private final GatewayConcurrencyProperties properties;
    private final String internalToken;
    private final KubernetesClient client;
    private final HttpClient http;
    private volatile Map<Key, Sample> sums = Map.of();
    private ScheduledExecutorService poller;
    private SharedIndexInformer<EndpointSlice> gateways;

    GatewayConcurrency(GatewayConcurrencyProperties properties, String internalToken, KubernetesClient client) {
        this.properties = properties;
        this.internalToken = internalToken == null ? "" : internalToken;
        this.client = client;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    @Override
    public Sample sample(String namespace, String function) {
        return sums.getOrDefault(new Key(namespace, function), Sample.NONE);
    }

    synchronized void start() {
        if (poller != null) {
            return;
        }
        if (properties.urls().isEmpty()) {
            gateways = client.discovery().v1().endpointSlices().inNamespace(properties.namespace())
                    .withLabel(EndpointSlices.SERVICE_NAME_LABEL, properties.service()).inform();
        }
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("nubo-gateway-concurrency")
                .factory());
        long every = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        if (gateways != null) {
            gateways.stop();
            gateways = null;
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("polling the gateways' concurrency failed: {}", e.toString());
        }
    }

    /** Asks every gateway once and replaces the sums. */
    void poll() {
        List<CompletableFuture<List<Map.Entry<Key, Sample>>>> answers = new ArrayList<>();
        for (String url : gatewayUrls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + PATH)).timeout(properties.timeout())
                    .GET();
            if (!internalToken.isEmpty()) {
                request.header(DistributedProperties.TOKEN_HEADER, internalToken);
            }
            answers.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> {
                        if (response.statusCode() != 200) {
                            log.debug("gateway {} answered {}", url, response.statusCode());
                            return List.<Map.Entry<Key, Sample>>of();
                        }
                        return parse(response.body());
                    })
                    .exceptionally(failure -> {
                        log.debug("gateway {} did not answer: {}", url, failure.toString());
                        return List.of();
                    }));
        }
        Map<Key, Sample> next = new HashMap<>();
        for (var answer : answers) {
            for (Map.Entry<Key, Sample> counted : answer.join()) {
                next.merge(counted.getKey(), counted.getValue(), GatewayConcurrency::add);
            }
        }
        sums = Map.copyOf(next);
    }

    private Set<String> gatewayUrls() {
        Set<String> urls = new LinkedHashSet<>();
        if (!properties.urls().isEmpty()) {
            properties.urls().forEach(u -> urls.add(u.endsWith("/") ? u.substring(0, u.length() - 1) : u));
            return urls;
        }
        SharedIndexInformer<EndpointSlice> informer = gateways;
        if (informer == null) {
            return urls;
        }
        for (EndpointSlice slice : informer.getStore().list()) {
            EndpointSlices.readyAddresses(slice).forEach(a -> urls.add("http://" + (a.contains(":") ? "[" + a + "]" : a)
                    + ":" + properties.port()));
        }
        return urls;
    }

    private static List<Map.Entry<Key, Sample>> parse(String body) {
        List<Map.Entry<Key, Sample>> counted = new ArrayList<>();
        for (JsonNode function : JSON.readTree(body).path("functions")) {
            String lastCall = function.path("lastCall").asString("null");
            counted.add(Map.entry(new Key(function.path("namespace").asString(), function.path("name").asString()),
                    new Sample(function.path("inFlight").asInt(0), function.path("waiting").asInt(0),
                            "null".equals(lastCall) ? null : Instant.parse(lastCall))));
        }
        return counted;
    }

    private static Sample add(Sample a, Sample b) {
        Instant last = a.lastCall() == null ? b.lastCall()
                : b.lastCall() == null || a.lastCall().isAfter(b.lastCall()) ? a.lastCall() : b.lastCall();
        return new Sample(a.inFlight() + b.inFlight(), a.waiting() + b.waiting(), last);
    }
}
