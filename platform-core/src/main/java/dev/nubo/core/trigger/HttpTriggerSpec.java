package dev.nubo.core.trigger;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An HTTP route in front of a function (Kubeless: HTTPTrigger {@code host-name}, {@code path},
 * {@code basic-auth-secret}, {@code cors-enable}).
 *
 * @param function         the function called (HTTP has one answer, so one function; a selector is refused)
 * @param functionSelector always null for HTTP triggers (present for the common shape)
 * @param host             optional exact host (the request's Host without port); null = any host
 * @param path             path prefix, starting with '/'; the longest matching prefix wins
 * @param stripPrefix      whether the function sees the path below the prefix (default true, as Kubeless's
 *                         rewrite-target) or the whole path
 * @param methods          allowed methods; empty = any (others get 405)
 * @param auth             who may call: none (default), basic, bearer, tenantToken
 * @param cors             CORS answers by the gateway; null = no CORS headers
 * @param rateLimit        calls per second over the whole trigger; over it: 429 + Retry-After
 * @param enabled          null or true: routed; false: the route answers 404 as if absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpTriggerSpec(
        @JsonPropertyDescription("The function called, in the trigger's namespace.")
        String function,
        @JsonPropertyDescription("Always empty for HTTP triggers.")
        LabelSelector functionSelector,
        @JsonPropertyDescription("Exact host the route answers for; empty = any host.")
        String host,
        @JsonPropertyDescription("Path prefix starting with /; the longest matching prefix wins (default /).")
        String path,
        @JsonPropertyDescription("Whether the function sees the path below the prefix (default true) or the whole path.")
        Boolean stripPrefix,
        @JsonPropertyDescription("Allowed HTTP methods; empty = any.")
        List<String> methods,
        @JsonPropertyDescription("Who may call: none (default), basic, bearer (the trigger's tokens) or tenantToken (a platform API token with invoke rights in the namespace).")
        HttpAuth auth,
        @JsonPropertyDescription("CORS answers of the gateway; empty = no CORS headers.")
        Cors cors,
        @JsonPropertyDescription("Calls per second over the whole trigger; over it: 429.")
        RateLimit rateLimit,
        @JsonPropertyDescription("false: the trigger does not fire (default true).")
        @JsonProperty("enabled") Boolean enabled) implements TriggerSpec {

    public static final String DEFAULT_PATH = "/";

    public HttpTriggerSpec {
        methods = methods == null ? List.of() : List.copyOf(methods);
    }

    /**
     * The stored form: path {@code /}, stripPrefix true, auth none, burst = requestsPerSecond, enabled; the host in
     * lower case and methods in upper case without repeats, so the gateway compares them as they are.
     */
    public HttpTriggerSpec withDefaults() {
        String storedHost = host == null || host.isBlank() ? null : host.strip().toLowerCase(Locale.ROOT);
        List<String> storedMethods = methods.stream().map(m -> m == null ? null : m.toUpperCase(Locale.ROOT))
                .distinct().toList();
        HttpAuth storedAuth = auth == null ? new HttpAuth(HttpAuth.NONE, List.of(), List.of())
                : auth.type() == null ? new HttpAuth(HttpAuth.NONE, auth.users(), auth.tokens()) : auth;
        RateLimit storedLimit = rateLimit == null || rateLimit.burst() != null ? rateLimit
                : new RateLimit(rateLimit.requestsPerSecond(), rateLimit.requestsPerSecond());
        return new HttpTriggerSpec(function, functionSelector, storedHost,
                path == null || path.isEmpty() ? DEFAULT_PATH : path, stripPrefix == null || stripPrefix,
                storedMethods, storedAuth, cors, storedLimit, enabled == null || enabled);
    }

    public HttpTriggerSpec withAuth(HttpAuth newAuth) {
        return new HttpTriggerSpec(function, functionSelector, host, path, stripPrefix, methods, newAuth, cors,
                rateLimit, enabled);
    }

    /**
     * How a caller proves who it is. Secrets come in as {@code password}/{@code token} and are stored only as
     * {@code passwordHash}/{@code tokenHash}; the API never returns the clear text and the function never sees the
     * credentials (the gateway removes Authorization before forwarding).
     *
     * @param type   {@code none}, {@code basic}, {@code bearer} (the trigger's own tokens) or {@code tenantToken} (a
     *               platform API token whose user may invoke in the trigger's namespace: developer or higher)
     * @param users  basic: accepted users
     * @param tokens bearer: accepted tokens
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record HttpAuth(String type, List<BasicUser> users, List<BearerToken> tokens) {

        public static final String NONE = "none";
        public static final String BASIC = "basic";
        public static final String BEARER = "bearer";
        /** A tenant API token (the platform's own, Bearer) whose user may invoke in the trigger's namespace. */
        public static final String TENANT_TOKEN = "tenantToken";

        public HttpAuth {
            users = users == null ? List.of() : List.copyOf(users);
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        public static HttpAuth none() {
            return new HttpAuth(NONE, List.of(), List.of());
        }
    }

    /** A basic-auth user; {@code password} only on input. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BasicUser(String username, String password, String passwordHash) {
    }

    /** A bearer token, named so it can be told apart and revoked; {@code token} only on input. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BearerToken(String name, String token, String tokenHash) {
    }

    /** The CORS answer of the gateway for this route (preflight answered without calling the function). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
            List<String> exposeHeaders, Boolean allowCredentials, Integer maxAgeSeconds) {
    }

    /** A token bucket: {@code requestsPerSecond} sustained, {@code burst} at once (default = requestsPerSecond). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(Integer requestsPerSecond, Integer burst) {
    }
}
