package dev.nubo.triggers.http;

import java.util.List;
import java.util.Set;

import dev.nubo.core.trigger.HttpTriggerSpec.Cors;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A trigger's CORS answers (the Fetch standard's): the gateway answers preflights itself, without calling the
 * function, and adds the CORS headers to every response for an allowed origin. An origin not allowed gets no CORS
 * headers at all, so the browser refuses the response. Unset lists: methods are the route's (or the one asked for
 * when the route takes any), headers are the ones asked for.
 */
final class CorsPolicy {

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final String allowMethods;
    private final boolean echoMethod;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final boolean credentials;
    private final String maxAge;

    CorsPolicy(Cors cors, List<String> routeMethods) {
        List<String> allowed = cors.allowOrigins() == null ? List.of() : cors.allowOrigins();
        this.anyOrigin = allowed.contains("*");
        this.origins = Set.copyOf(allowed.stream().map(o -> o.toLowerCase(java.util.Locale.ROOT)).toList());
        List<String> methods = cors.allowMethods() == null || cors.allowMethods().isEmpty() ? routeMethods
                : cors.allowMethods();
        this.echoMethod = methods.isEmpty() || methods.contains("*");
        this.allowMethods = echoMethod ? null : String.join(", ", methods);
        List<String> headers = cors.allowHeaders() == null ? List.of() : cors.allowHeaders();
        this.allowHeaders = headers.isEmpty() || headers.contains("*") ? null : String.join(", ", headers);
        List<String> expose = cors.exposeHeaders() == null ? List.of() : cors.exposeHeaders();
        this.exposeHeaders = expose.isEmpty() ? null : String.join(", ", expose);
        this.credentials = Boolean.TRUE.equals(cors.allowCredentials());
        this.maxAge = cors.maxAgeSeconds() == null ? null : cors.maxAgeSeconds().toString();
    }

    static boolean isPreflight(String method, HttpHeaders request) {
        return "OPTIONS".equals(method) && request.contains(HttpHeaderNames.ORIGIN)
                && request.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    boolean allows(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The headers of a preflight's 204. */
    void preflight(HttpHeaders request, HttpHeaders response) {
        String origin = request.get(HttpHeaderNames.ORIGIN);
        response.add(HttpHeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!allows(origin)) {
            return;
        }
        allowOrigin(origin, response);
        String method = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, echoMethod ? method : allowMethods);
        String askedHeaders = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        String headers = allowHeaders != null ? allowHeaders : askedHeaders;
        if (headers != null && !headers.isBlank()) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
        }
        if (maxAge != null) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge);
        }
    }

    /** The headers added to an answer (the function's or the gateway's) to a call from {@code origin}. */
    void actual(String origin, HttpHeaders response) {
        if (!anyOrigin || credentials) {
            response.add(HttpHeaderNames.VARY, "Origin");
        }
        if (!allows(origin)) {
            return;
        }
        allowOrigin(origin, response);
        if (exposeHeaders != null) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposeHeaders);
        }
    }

    private void allowOrigin(String origin, HttpHeaders response) {
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin && !credentials ? "*" : origin);
        if (credentials) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }
}
