package dev.nubo.triggers.http;

/**
 * An installed route with what guards it: its authenticator, CORS policy (null: no CORS headers) and rate limiter
 * (null: no limit), and its calls since the status was last written. The guards keep state (remembered credentials, tokens in the bucket), so a new table reuses a
 * trigger's guards while their part of the spec is unchanged.
 */
public record RoutedTrigger(HttpRoute route, HttpAuthenticator authenticator, CorsPolicy cors, RateLimiter limiter,
        TriggerCalls calls) {
}
