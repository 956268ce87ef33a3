package dev.nubo.triggers.http;

/** Where the gateway reads the current route table, once per call. */
@FunctionalInterface
public interface HttpRoutes {

    HttpRouteTable current();

    /** No HttpTriggers (the gateway runs without a store): every call goes to {@code /{namespace}/{function}}. */
    static HttpRoutes none() {
        return () -> HttpRouteTable.EMPTY;
    }
}
