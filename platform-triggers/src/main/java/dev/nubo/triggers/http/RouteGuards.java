package dev.nubo.triggers.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;

/** Turns a plan's routes into a table: each route with its guards, stateful ones carried over from the last table. */
public final class RouteGuards {

    private RouteGuards() {
    }

    /**
     * @param previous       the table in use (its guards are kept where the trigger's auth or rate limit is unchanged)
     * @param passwordChecks where bcrypt checks of basic credentials run
     */
    public static HttpRouteTable table(HttpRoutePlan plan, HttpRouteTable previous, Executor passwordChecks) {
        Map<String, RoutedTrigger> byUid = new HashMap<>();
        previous.routes().forEach(r -> byUid.put(r.route().uid(), r));
        return new HttpRouteTable(plan.routes().stream()
                .map(route -> guard(route, byUid.get(route.uid()), passwordChecks)).toList());
    }

    static RoutedTrigger guard(HttpRoute route, RoutedTrigger previous, Executor passwordChecks) {
        HttpAuth auth = route.auth() == null ? HttpAuth.none() : route.auth();
        HttpAuthenticator authenticator = previous != null && previous.authenticator().auth().equals(auth)
                ? previous.authenticator()
                : new HttpAuthenticator(auth, route.namespace() + "/" + route.trigger(), passwordChecks);
        RateLimiter limiter = null;
        if (route.rateLimit() != null) {
            limiter = previous != null && previous.limiter() != null
                    && previous.limiter().limit().equals(route.rateLimit()) ? previous.limiter()
                    : new RateLimiter(route.rateLimit());
        }
        CorsPolicy cors = route.cors() == null ? null : new CorsPolicy(route.cors(), route.methodList());
        TriggerCalls calls = previous != null && java.util.Objects.equals(previous.route().function(), route.function())
                ? previous.calls() : new TriggerCalls(route.function());
        return new RoutedTrigger(route, authenticator, cors, limiter, calls);
    }
}
