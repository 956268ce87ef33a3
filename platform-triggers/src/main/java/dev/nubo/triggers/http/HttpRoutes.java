package dev.nubo.triggers.http;

/** Where the gateway reads the current route table, once per call. */
@FunctionalInterface
public interface HttpRoutes {

    HttpRouteTable current();

    /** Each function's access and each namespace's calls-per-second quota, read once per call. */
    default dev.nubo.triggers.access.AccessTable access() {
        return dev.nubo.triggers.access.AccessTable.EMPTY;
    }

    /** No HttpTriggers (the gateway runs without a store): every call goes to {@code /{namespace}/{function}}. */
    static HttpRoutes none() {
        return () -> HttpRouteTable.EMPTY;
    }
}
