package dev.nubo.core.user;

/** Roles a user or token holds. Namespaced roles (developer, viewer) come with multi-tenancy. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String ADMIN_USER = "admin";

    private Roles() {
    }
}
