package dev.nubo.core.distributed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The services running apart against one store ({@code nubo.topology=distributed}; {@code nubo.distributed.*}).
 *
 * @param pollInterval  how often each service looks for changes other services made in the store (resources, routes,
 *                      runtimes): a short poll of one aggregate query per table, see {@link StoreChangePoller}
 * @param internalToken shared secret the controller's internal endpoints (logs, wake) require in the
 *                      {@code Nubo-Internal-Token} header; empty: not checked (a private network only)
 * @param controllerUrl the controller's own URL as the other services reach it (published with each route); empty:
 *                      {@code http://127.0.0.1:<server.port>}
 * @param callTimeout   connect timeout of the internal calls (logs, wake) to the controller
 * @param replicaHost   the host the other services reach the controller's replicas at, published with each route
 *                      (with {@code nubo.controller.bind-address=0.0.0.0}, e.g. the controller's container name);
 *                      empty: the bind address
 * @param leaseDuration the time to live of the active controller's lock ({@link ControllerLock}) without renewal
 *                      (it renews every third of it): a standby controller takes over this long after the active one
 *                      stopped renewing (at once after a clean stop, which releases it)
 */
@ConfigurationProperties("nubo.distributed")
public record DistributedProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("") String internalToken,
        @DefaultValue("") String controllerUrl,
        @DefaultValue("5s") Duration callTimeout,
        @DefaultValue("") String replicaHost,
        @DefaultValue("15s") Duration leaseDuration) {

    @ConstructorBinding
    public DistributedProperties {
    }

    public DistributedProperties(Duration pollInterval, String internalToken, String controllerUrl,
            Duration callTimeout, String replicaHost) {
        this(pollInterval, internalToken, controllerUrl, callTimeout, replicaHost, Duration.ofSeconds(15));
    }

    /** The header the internal endpoints check. */
    public static final String TOKEN_HEADER = "Nubo-Internal-Token";

    /** Whether an internal endpoint may answer a caller that presented {@code token} (constant-time compare). */
    public boolean admits(String token) {
        return internalToken.isEmpty() || token != null && java.security.MessageDigest.isEqual(
                internalToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
