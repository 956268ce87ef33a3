package dev.nubo.core.function;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;

/**
 * Who may call a function through the gateway ({@code /{namespace}/{function}}), and how often.
 *
 * @param mode      {@code public} (anyone), {@code token} (a tenant API token, Bearer, whose user may invoke in the
 *                  function's namespace: developer or higher) or {@code basic} (a platform user with that right, HTTP
 *                  Basic); null: the platform's default ({@code nubo.gateway.default-access})
 * @param rateLimit calls per second over the whole function at the gateway; over it 429 + Retry-After; null: none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionAccess(
        @JsonPropertyDescription("public, token (a tenant API token with invoke rights in the namespace, as Bearer) or basic (a platform user with invoke rights); left out: the platform's default.")
        String mode,
        @JsonPropertyDescription("Calls per second over the whole function at the gateway (token bucket); over it: 429 with Retry-After.")
        RateLimit rateLimit) {

    /** The modes, as written in a spec. */
    public enum Mode {
        PUBLIC, TOKEN, BASIC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> parse(String id) {
            for (Mode mode : values()) {
                if (mode.id().equals(id)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }

        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(Mode::id).toList();
        }
    }

    /** The stored form: burst = requestsPerSecond when left out. */
    public FunctionAccess withDefaults() {
        RateLimit limit = rateLimit == null || rateLimit.burst() != null ? rateLimit
                : new RateLimit(rateLimit.requestsPerSecond(), rateLimit.requestsPerSecond());
        return new FunctionAccess(mode, limit);
    }

    /** The mode that applies: the function's own, else {@code platformDefault}. */
    public static Mode effectiveMode(FunctionSpec spec, Mode platformDefault) {
        FunctionAccess access = spec == null ? null : spec.access();
        return access == null || access.mode() == null ? platformDefault
                : Mode.parse(access.mode()).orElse(platformDefault);
    }
}
