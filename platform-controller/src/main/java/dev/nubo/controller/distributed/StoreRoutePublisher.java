package dev.nubo.controller.distributed;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.reconcile.RouteListener;
import dev.nubo.core.distributed.StoreRouteTable;
import dev.nubo.core.distributed.StoreRouteTable.StoredEndpoint;
import dev.nubo.core.distributed.StoreRouteTable.StoredRoute;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.Function;

/**
 * Writes the supervisor's routes to the store ({@code function_routes}) for the gateway, API and console running
 * apart: one row per function with its ready replicas (host, port, generation), its timeout, why it is not ready,
 * the calls one replica is given at once (the route's containerConcurrency, so readers cap as this process does) and
 * this controller's URL (logs, wake). A route is written only when what a reader sees changed; a failed write
 * is tried again at the function's next reconcile (at the latest the 30 s resync).
 */
public class StoreRoutePublisher implements RouteListener {

    private static final Logger log = LoggerFactory.getLogger(StoreRoutePublisher.class);

    private final StoreRouteTable table;
    private final String controllerUrl;
    private final String replicaHost;
    private final Map<String, StoredRoute> written = new ConcurrentHashMap<>();

    /** @param replicaHost the host others reach replicas at, or empty for the one they listen on */
    public StoreRoutePublisher(StoreRouteTable table, String controllerUrl, String replicaHost) {
        this.table = table;
        this.controllerUrl = controllerUrl;
        this.replicaHost = replicaHost;
        int stale = table.removeAll(controllerUrl); // an earlier run's replicas are gone
        if (stale > 0) {
            log.info("removed {} route(s) an earlier run of this controller left in the store", stale);
        }
    }

    @Override
    public void published(Function function, FunctionRoute route, List<Long> generations) {
        List<StoredEndpoint> endpoints = IntStream.range(0, route.endpoints().size())
                .mapToObj(i -> new StoredEndpoint(
                        replicaHost.isBlank() ? route.endpoints().get(i).host() : replicaHost, route.endpoints().get(i).port(),
                        generations.get(i)))
                .toList();
        StoredRoute stored = new StoredRoute(route.namespace(), route.name(), function.metadata().uid(),
                function.generation(), endpoints, route.timeout(), route.notReadyReason(), route.wakeable(),
                controllerUrl, route.containerConcurrency());
        String key = route.namespace() + "/" + route.name();
        if (Objects.equals(written.get(key), stored)) {
            return;
        }
        try {
            table.publish(stored);
            written.put(key, stored);
        } catch (RuntimeException e) {
            written.remove(key);
            log.warn("could not publish the route of {} to the store: {}", key, e.toString());
        }
    }

    @Override
    public void removed(String namespace, String name) {
        written.remove(namespace + "/" + name);
        try {
            table.remove(namespace, name);
        } catch (RuntimeException e) {
            log.warn("could not remove the route of {}/{} from the store: {}", namespace, name, e.toString());
        }
    }

    @Override
    public void cleared() {
        written.clear();
        try {
            table.removeAll(controllerUrl);
        } catch (RuntimeException e) {
            log.warn("could not remove this controller's routes from the store: {}", e.toString());
        }
    }
}
