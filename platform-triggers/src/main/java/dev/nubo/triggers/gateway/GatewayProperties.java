package dev.nubo.triggers.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the function gateway.
 *
 * @param port                   TCP port; 0 picks a free one ({@link FunctionGateway#port()} tells which)
 * @param address                address to bind
 * @param maxBodyBytes           largest request body forwarded; larger ones get 413
 * @param timeoutGrace           how long after the function's own timeout (when its replica answers 408) the
 *                               gateway gives up and answers 504
 * @param defaultFunctionTimeout the timeout of a route that carries none
 * @param sessionCookieName      the console's session cookie, never forwarded unless the function asks for credentials
 * @param ioThreads              event loop threads; 0 = Netty's default (2 × cores)
 * @param connectTimeout         how long to wait for a replica to accept a connection
 * @param upstreamIdleTimeout    how long an unused keep-alive connection to a replica is kept; stay below the
 *                               runtime servers' own keep-alive timeout (Node: 5 s)
 * @param shutdownTimeout        how long a stop waits for calls in flight
 * @param triggerResyncInterval  how often the HttpTrigger routes are read again from the store, for changes made
 *                               through another platform instance (this instance's own changes apply at once)
 * @param triggerStatusInterval  how often each HttpTrigger's calls (counts, last call, last failure) are added to
 *                               its status
 * @param passwordCheckThreads   threads for the bcrypt checks of basic-auth credentials not yet remembered (each
 *                               ~50–100 ms of CPU; remembered ones are checked on the event loop in microseconds)
 * @param wakeTimeout            how long a call to a function without a ready replica (scaled to zero, starting),
 *                               or whose every replica is at its containerConcurrency, is held for a place; then 503
 * @param wakeQueueSize          calls held per function (waking, or every replica at its cap); more get 503 with
 *                               Retry-After at once
 * @param defaultAccess          who may call a function whose spec says nothing ({@code spec.access.mode} left out):
 *                               {@code public} (Kubeless functions run unchanged), {@code token} or {@code basic}
 * @param credentialCacheTtl     how long the gateway reuses a verdict on a tenant token or user password (checked
 *                               off the event loop) before asking the store again; changes through this instance
 *                               (revocations, roles, passwords) apply at once
 */
@ConfigurationProperties("nubo.gateway")
public record GatewayProperties(
        @DefaultValue("8081") int port,
        @DefaultValue("127.0.0.1") String address,
        @DefaultValue("16MB") DataSize maxBodyBytes,
        @DefaultValue("1s") Duration timeoutGrace,
        @DefaultValue("180s") Duration defaultFunctionTimeout,
        @DefaultValue("NUBO_SESSION") String sessionCookieName,
        @DefaultValue("0") int ioThreads,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("4s") Duration upstreamIdleTimeout,
        @DefaultValue("10s") Duration shutdownTimeout,
        @DefaultValue("30s") Duration triggerResyncInterval,
        @DefaultValue("5s") Duration triggerStatusInterval,
        @DefaultValue("2") int passwordCheckThreads,
        @DefaultValue("60s") Duration wakeTimeout,
        @DefaultValue("500") int wakeQueueSize,
        @DefaultValue("public") String defaultAccess,
        @DefaultValue("10s") Duration credentialCacheTtl) {

    public GatewayProperties {
        if (maxBodyBytes.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("nubo.gateway.max-body-bytes must be below 2 GiB");
        }
        if (wakeQueueSize < 0) {
            throw new IllegalArgumentException("nubo.gateway.wake-queue-size must be 0 (never hold) or more");
        }
        if (dev.nubo.core.function.FunctionAccess.Mode.parse(defaultAccess).isEmpty()) {
            throw new IllegalArgumentException("nubo.gateway.default-access must be one of "
                    + String.join(", ", dev.nubo.core.function.FunctionAccess.Mode.ids()) + ", not " + defaultAccess);
        }
        if (!credentialCacheTtl.isPositive()) {
            throw new IllegalArgumentException("nubo.gateway.credential-cache-ttl must be positive");
        }
        if (passwordCheckThreads < 1) {
            throw new IllegalArgumentException("nubo.gateway.password-check-threads must be at least 1");
        }
        if (!triggerResyncInterval.isPositive() || !triggerStatusInterval.isPositive()) {
            throw new IllegalArgumentException(
                    "nubo.gateway.trigger-resync-interval and trigger-status-interval must be positive");
        }
    }

    /** The access mode of functions that name none. */
    public dev.nubo.core.function.FunctionAccess.Mode defaultAccessMode() {
        return dev.nubo.core.function.FunctionAccess.Mode.parse(defaultAccess).orElseThrow();
    }
}
