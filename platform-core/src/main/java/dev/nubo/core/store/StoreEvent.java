package dev.nubo.core.store;

/**
 * A committed change. {@code resource} is the state after the change (for DELETED: the last state).
 * {@code specChanged} is false for status-only writes, which reconcilers usually ignore.
 */
public record StoreEvent<R>(Type type, R resource, boolean specChanged) {

    public enum Type { ADDED, MODIFIED, DELETED }
}
