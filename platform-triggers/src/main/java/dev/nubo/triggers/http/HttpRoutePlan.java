package dev.nubo.triggers.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.nubo.core.model.Condition;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerSpec;

/**
 * The routes the gateway installs and what each trigger's status says about them, from the stored HttpTriggers and
 * the functions that exist. Pure: the same input gives the same plan on every platform instance.
 *
 * <ul>
 * <li>A disabled trigger installs nothing ({@code Disabled}): its path falls to the next route.</li>
 * <li>Two enabled triggers claiming the same host and prefix: the older one (creation time, then namespace/name)
 * keeps the route, the other installs nothing ({@code RouteConflict}, naming the winner).</li>
 * <li>A trigger whose function does not exist (yet) keeps its route — calls get 404 until the function is created,
 * so its path never falls to another route meanwhile ({@code FunctionNotFound}).</li>
 * <li>HTTP has one answer, so one function: a stored selector (the API refuses them) that matches several functions
 * routes to none ({@code SelectorMatchesSeveral}); one that matches exactly one routes to it.</li>
 * </ul>
 *
 * @param routes the installed routes
 * @param views  every trigger's view, by uid
 */
public record HttpRoutePlan(List<HttpRoute> routes, Map<String, HttpTriggerView> views) {

    public HttpRoutePlan {
        routes = List.copyOf(routes);
        views = Map.copyOf(views);
    }

    /** @param targets the existing functions of a namespace a trigger's spec names, sorted */
    public static HttpRoutePlan of(Collection<HttpTrigger> triggers,
            BiFunction<String, TriggerSpec, List<String>> targets) {
        Map<String, HttpTriggerView> views = new LinkedHashMap<>();
        Map<String, HttpRoute> owners = new HashMap<>();
        List<HttpTrigger> ordered = new ArrayList<>(triggers);
        ordered.sort(Comparator.comparing((HttpTrigger t) -> created(t))
                .thenComparing(HttpTrigger::namespace).thenComparing(HttpTrigger::name));
        List<HttpRoute> routes = new ArrayList<>();
        for (HttpTrigger trigger : ordered) {
            if (trigger.spec() == null || trigger.metadata().uid() == null) {
                continue;
            }
            if (!trigger.spec().isEnabled()) {
                views.put(trigger.metadata().uid(), view(trigger, Condition.FALSE, TriggerConditions.REASON_DISABLED,
                        "spec.enabled is false: the gateway does not route it", List.of()));
                continue;
            }
            HttpRoute route = HttpRoute.of(trigger);
            String claim = route.describe();
            HttpRoute owner = owners.get(claim);
            if (owner != null) {
                views.put(route.uid(), view(trigger, Condition.FALSE, TriggerConditions.REASON_ROUTE_CONFLICT,
                        "host and path " + claim + " are already routed by the older HttpTrigger " + owner.namespace()
                                + "/" + owner.trigger() + ": this one routes nothing until that one moves or goes",
                        List.of()));
                continue;
            }
            owners.put(claim, route);
            HttpTriggerSpec spec = trigger.spec();
            List<String> found = targets.apply(trigger.namespace(), spec);
            if (spec.function() == null && found.size() > 1) {
                routes.add(route.withFunction(null));
                views.put(route.uid(), view(trigger, Condition.FALSE,
                        TriggerConditions.REASON_SELECTOR_MATCHES_SEVERAL, "the selector matches " + found
                                + ": an HTTP call has one answer, so it routes to none (calls get 404); name the"
                                + " function in spec.function", List.of()));
            } else if (found.isEmpty()) {
                routes.add(route.withFunction(spec.function()));
                String missing = spec.function() != null
                        ? "function " + spec.function() + " does not exist in namespace " + trigger.namespace()
                        : "no function in namespace " + trigger.namespace() + " matches the selector";
                views.put(route.uid(), view(trigger, Condition.FALSE, TriggerConditions.REASON_FUNCTION_NOT_FOUND,
                        missing + ": " + claim + " answers 404 until it does", List.of()));
            } else {
                String function = found.getFirst();
                routes.add(route.withFunction(function));
                views.put(route.uid(), view(trigger, Condition.TRUE, TriggerConditions.REASON_ACTIVE,
                        "routes " + claim + describeMethods(route) + " to function " + function, found));
            }
        }
        return new HttpRoutePlan(routes, views);
    }

    private static String describeMethods(HttpRoute route) {
        return route.methods().isEmpty() ? "" : " (" + String.join(", ", route.methodList()) + ")";
    }

    private static Instant created(HttpTrigger trigger) {
        Instant created = trigger.metadata().creationTimestamp();
        return created == null ? Instant.MAX : created;
    }

    private static HttpTriggerView view(HttpTrigger trigger, String status, String reason, String message,
            List<String> functions) {
        return new HttpTriggerView(trigger.namespace(), trigger.name(), trigger.metadata().uid(), trigger.generation(),
                Condition.of(TriggerConditions.READY, status, reason, message), functions);
    }
}
