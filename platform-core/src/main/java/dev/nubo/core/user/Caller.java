package dev.nubo.core.user;

import java.util.Set;

/**
 * Who is asking, as the services check it: the user, whether they are a platform administrator, and — when they
 * came with a token — the token's namespaces (null: all of the user's) and role cap.
 */
public record Caller(String name, boolean platformAdmin, Set<String> tokenNamespaces, NamespaceRole tokenRole) {

    public static Caller user(String name, boolean platformAdmin) {
        return new Caller(name, platformAdmin, null, null);
    }

    /** A token acts as a platform administrator only when its user is one and it is neither narrowed nor capped. */
    public boolean actsAsPlatformAdmin() {
        return platformAdmin && tokenNamespaces == null && (tokenRole == null || tokenRole == NamespaceRole.ADMIN);
    }
}
