package dev.nubo.api.tenancy;

import java.util.Map;
import java.util.Optional;

import dev.nubo.core.user.NamespaceRole;

/**
 * Which right each API endpoint needs. Endpoints of a namespace ({@code {namespace}} in their path) follow one rule
 * by method: reads need {@code viewer}, writes {@code developer}, members, invitations and audit {@code admin}, setting
 * the quota
 * a platform administrator. Every other
 * endpoint is listed here; an endpoint in neither is refused (and the access matrix test fails).
 */
public final class AccessRules {

    public enum Rule {
        /** no credentials needed: the request carries its own (an invitation's code, a code's SHA-256) */
        ANYONE,
        /** any authenticated caller (the answer is filtered or about the caller themselves) */
        ANY_CALLER,
        PLATFORM_ADMIN
    }

    /** {@code METHOD pattern} → rule for endpoints outside a namespace. */
    public static final Map<String, Rule> PLATFORM = Map.ofEntries(
            Map.entry("GET /api/v1/namespaces", Rule.ANY_CALLER),
            Map.entry("POST /api/v1/namespaces", Rule.PLATFORM_ADMIN),
            Map.entry("DELETE /api/v1/namespaces/{name}", Rule.PLATFORM_ADMIN),
            Map.entry("GET /api/v1/runtimes", Rule.ANY_CALLER),
            Map.entry("POST /api/v1/cron/preview", Rule.ANY_CALLER),
            Map.entry("GET /api/v1/users", Rule.PLATFORM_ADMIN),
            Map.entry("POST /api/v1/users", Rule.PLATFORM_ADMIN),
            Map.entry("DELETE /api/v1/users/{name}", Rule.PLATFORM_ADMIN),
            Map.entry("GET /api/v1/tokens", Rule.ANY_CALLER),
            Map.entry("POST /api/v1/tokens", Rule.ANY_CALLER),
            Map.entry("DELETE /api/v1/tokens/{id}", Rule.ANY_CALLER),
            Map.entry("POST /api/v1/invitations/accept", Rule.ANYONE),
            Map.entry("GET /api/v1/function-sources/{namespace}/{name}/{sha256}", Rule.ANYONE));

    private AccessRules() {
    }

    /** Namespaced endpoints that only a platform administrator may call: setting a namespace's quota. */
    public static boolean platformAdminOnly(String method, String pattern) {
        return pattern.endsWith("/quota") && !isRead(method);
    }

    public static boolean namespaced(String pattern) {
        return pattern.startsWith("/api/v1/namespaces/{namespace}");
    }

    /** What a namespaced endpoint needs. */
    public static NamespaceRole.Action action(String method, String pattern) {
        if (pattern.contains("/members") || pattern.contains("/audit") || pattern.contains("/invitations")) {
            return NamespaceRole.Action.MANAGE;
        }
        return isRead(method) ? NamespaceRole.Action.READ : NamespaceRole.Action.WRITE;
    }

    public static Optional<Rule> platform(String method, String pattern) {
        return Optional.ofNullable(PLATFORM.get(method + " " + pattern));
    }

    public static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
