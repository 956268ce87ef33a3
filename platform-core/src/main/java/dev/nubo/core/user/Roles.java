package dev.nubo.core.user;

/** Platform roles of users: {@code admin} may do everything; {@code user} what their namespace roles allow ({@link NamespaceRole}). */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String ADMIN_USER = "admin";
    /** A user without platform rights: what they may do comes from their roles in namespaces. */
    public static final String USER = "user";

    private Roles() {
    }
}
