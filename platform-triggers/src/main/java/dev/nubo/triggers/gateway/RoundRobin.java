package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionRoute;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Round robin over a function's ready endpoints. One per event loop (no shared counter to contend on): each loop
 * cycles through the endpoints, so the calls of all loops together spread evenly too.
 */
final class RoundRobin {

    /** Positions of deleted functions linger; past this many they are all forgotten at once. */
    private static final int MAX_TRACKED_FUNCTIONS = 10_000;

    private final Map<FunctionKey, Position> positions = new HashMap<>();

    Endpoint next(FunctionRoute route) {
        List<Endpoint> endpoints = route.endpoints();
        if (endpoints.size() == 1) {
            return endpoints.getFirst();
        }
        if (positions.size() >= MAX_TRACKED_FUNCTIONS) {
            positions.clear();
        }
        Position position = positions.computeIfAbsent(new FunctionKey(route.namespace(), route.name()),
                key -> new Position());
        return endpoints.get(Math.floorMod(position.next++, endpoints.size()));
    }

    private record FunctionKey(String namespace, String name) {
    }

    private static final class Position {
        private int next;
    }
}
