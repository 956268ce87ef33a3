package dev.nubo.core.user;

import java.util.Locale;
import java.util.Optional;

/**
 * What a member may do in a namespace. {@code viewer} reads (logs included); {@code developer} also writes
 * functions, triggers and secrets and invokes; {@code admin} also manages members and reads the audit log.
 */
public enum NamespaceRole {
    VIEWER, DEVELOPER, ADMIN;

    /** What a request needs. */
    public enum Action {
        READ, WRITE, MANAGE
    }

    public boolean allows(Action action) {
        return switch (action) {
            case READ -> true;
            case WRITE -> this != VIEWER;
            case MANAGE -> this == ADMIN;
        };
    }

    public NamespaceRole atMost(NamespaceRole cap) {
        return compareTo(cap) <= 0 ? this : cap;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NamespaceRole> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (NamespaceRole role : values()) {
            if (role.id().equals(id)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
