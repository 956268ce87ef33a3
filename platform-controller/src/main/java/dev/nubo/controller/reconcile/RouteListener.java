package dev.nubo.controller.reconcile;

import java.util.List;

import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.Function;

/** Hears where functions answer as the supervisor changes it; called on the reconcile thread, so it must be quick. */
public interface RouteListener {

    /** @param generations the generation each of the route's endpoints runs, in the same order */
    void published(Function function, FunctionRoute route, List<Long> generations);

    void removed(String namespace, String name);

    /** The supervisor stops: no route is left. */
    void cleared();
}
