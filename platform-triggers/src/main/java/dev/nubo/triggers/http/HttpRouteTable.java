package dev.nubo.triggers.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's HttpTrigger routes, immutable: a change builds a new table and swaps it in whole, so a call sees one
 * table from start to end and calls in flight are never touched.
 *
 * <p>Matching: routes of the request's host first, then routes for every host; within each, the longest path prefix
 * that ends on a segment boundary. A path with {@code .}/{@code ..} segments matches no route.
 */
public final class HttpRouteTable {

    private static final RoutedTrigger[] NONE = new RoutedTrigger[0];
    private static final Comparator<RoutedTrigger> LONGEST_PREFIX_FIRST =
            Comparator.comparingInt((RoutedTrigger r) -> r.route().prefix().length()).reversed();
    /** After the constants the constructor uses. */
    public static final HttpRouteTable EMPTY = new HttpRouteTable(List.of());

    private final Map<String, RoutedTrigger[]> byHost;
    private final RoutedTrigger[] anyHost;
    private final List<RoutedTrigger> routes;

    public HttpRouteTable(List<RoutedTrigger> routes) {
        this.routes = List.copyOf(routes);
        Map<String, List<RoutedTrigger>> hosts = new HashMap<>();
        List<RoutedTrigger> any = new ArrayList<>();
        for (RoutedTrigger routed : routes) {
            String host = routed.route().host();
            if (host == null) {
                any.add(routed);
            } else {
                hosts.computeIfAbsent(host, h -> new ArrayList<>()).add(routed);
            }
        }
        Map<String, RoutedTrigger[]> sortedHosts = new HashMap<>();
        hosts.forEach((host, list) -> sortedHosts.put(host, sorted(list)));
        this.byHost = Map.copyOf(sortedHosts);
        this.anyHost = sorted(any);
    }

    private static RoutedTrigger[] sorted(List<RoutedTrigger> routes) {
        return routes.stream().sorted(LONGEST_PREFIX_FIRST).toArray(RoutedTrigger[]::new);
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public List<RoutedTrigger> routes() {
        return routes;
    }

    /** The route for a request, or null when no trigger routes it (it falls to {@code /{namespace}/{function}}). */
    public RoutedTrigger match(String host, RequestTarget target) {
        if (target.hasDotSegments()) {
            return null;
        }
        String path = target.path();
        if (host != null && !byHost.isEmpty()) {
            RoutedTrigger found = longestPrefix(byHost.getOrDefault(host, NONE), path);
            if (found != null) {
                return found;
            }
        }
        return longestPrefix(anyHost, path);
    }

    private static RoutedTrigger longestPrefix(RoutedTrigger[] candidates, String path) {
        for (RoutedTrigger candidate : candidates) {
            if (candidate.route().matchesPath(path)) {
                return candidate;
            }
        }
        return null;
    }
}
