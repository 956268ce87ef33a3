package dev.nubo.triggers.http;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The checks of one routed call, in order: a CORS preflight is answered by the gateway; a method the route does not
 * take gets 405 with Allow; past the rate limit, 429 with Retry-After (before credentials, so a flood of wrong
 * passwords costs no bcrypt rounds); missing or wrong credentials, 401 with WWW-Authenticate. Every answer, the
 * gateway's or the function's, carries the route's CORS headers for an allowed origin.
 */
public final class TriggerGate {

    private final RoutedTrigger routed;
    private final String method;
    private final HttpHeaders request;
    private final Consumer<HttpHeaders> corsHeaders;

    public TriggerGate(RoutedTrigger routed, String method, HttpHeaders request) {
        this.routed = routed;
        this.method = method;
        this.request = request;
        CorsPolicy cors = routed.cors();
        if (cors == null) {
            this.corsHeaders = null;
        } else {
            String origin = request.get(HttpHeaderNames.ORIGIN);
            this.corsHeaders = response -> cors.actual(origin, response);
        }
    }

    public boolean isPreflight() {
        return routed.cors() != null && CorsPolicy.isPreflight(method, request);
    }

    public void preflight(HttpHeaders response) {
        routed.cors().preflight(request, response);
        response.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    }

    /** The headers every answer to this call gets (CORS), or null. */
    public Consumer<HttpHeaders> answerHeaders() {
        return corsHeaders;
    }

    public String instance() {
        return routed.route().instance();
    }

    public boolean methodAllowed() {
        return routed.route().allows(method);
    }

    public String methodRefusal() {
        return "HttpTrigger " + routed.route().trigger() + " takes " + routed.route().allowHeader() + ", not "
                + method;
    }

    public void addAllow(HttpHeaders response, Consumer<HttpHeaders> answerHeaders) {
        response.set(HttpHeaderNames.ALLOW, routed.route().allowHeader());
        accept(answerHeaders, response);
    }

    /** 0 when the call may go on, else the seconds to wait. */
    public long acquire() {
        RateLimiter limiter = routed.limiter();
        return limiter == null ? 0 : limiter.tryAcquire();
    }

    public String rateRefusal(long retryAfterSeconds) {
        var limit = routed.route().rateLimit();
        return "HttpTrigger " + routed.route().trigger() + " takes " + limit.requestsPerSecond()
                + " requests per second (bursts of " + (limit.burst() == null ? limit.requestsPerSecond()
                        : limit.burst()) + "); try again in " + retryAfterSeconds + " s";
    }

    public void addRetryAfter(HttpHeaders response, long seconds, Consumer<HttpHeaders> answerHeaders) {
        response.set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        accept(answerHeaders, response);
    }

    public boolean authRequired() {
        return routed.authenticator().required();
    }

    public CredentialCheck checkCredentials() {
        return routed.authenticator().check(request.get(HttpHeaderNames.AUTHORIZATION));
    }

    public CompletableFuture<Boolean> checkSlowly() {
        return routed.authenticator().checkSlowly(request.get(HttpHeaderNames.AUTHORIZATION));
    }

    public String credentialRefusal() {
        String type = routed.authenticator().auth().type();
        return request.contains(HttpHeaderNames.AUTHORIZATION)
                ? "The " + type + " credentials are not accepted by HttpTrigger " + routed.route().trigger()
                : "HttpTrigger " + routed.route().trigger() + " needs " + type + " credentials (Authorization header)";
    }

    /** The WWW-Authenticate value of this route's 401. */
    public String challenge(boolean credentialsPresented) {
        return routed.authenticator().challenge(credentialsPresented);
    }

    public void addChallenge(HttpHeaders response) {
        response.set(HttpHeaderNames.WWW_AUTHENTICATE,
                routed.authenticator().challenge(request.contains(HttpHeaderNames.AUTHORIZATION)));
        accept(corsHeaders, response);
    }

    private static void accept(Consumer<HttpHeaders> headers, HttpHeaders response) {
        if (headers != null) {
            headers.accept(response);
        }
    }
}
