package dev.nubo.kubernetes.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * What this process wrote that its informer may not have seen yet, so a read right after a write sees the write
 * (the informer's watch delivers it a few milliseconds later). An entry lasts until the informer shows a version at
 * least as new; a deletion is kept as a tombstone the same way.
 */
final class OwnWrites<C extends HasMetadata> {

    /** A write: the object as the API server answered, or a tombstone (object null) at the last version seen. */
    record Write<C>(C object, String namespace, long version) {

        /** A state at this version is at least as new as the write; a deletion is newer than its last state. */
        boolean supersededBy(long seen) {
            return object == null ? seen > version : seen >= version;
        }
    }

    private final Map<String, Write<C>> writes = new ConcurrentHashMap<>();

    void written(C object) {
        writes.merge(key(object), new Write<>(object, object.getMetadata().getNamespace(), version(object)),
                (old, now) -> now.version() >= old.version() ? now : old);
    }

    void deleted(C lastState) {
        writes.put(key(lastState), new Write<>(null, lastState.getMetadata().getNamespace(), version(lastState)));
    }

    /** The informer saw this state: a write it caught up with is no longer needed. */
    void seen(C object) {
        writes.computeIfPresent(key(object), (key, write) -> write.supersededBy(version(object)) ? null : write);
    }

    /** The informer saw the deletion: a tombstone is no longer needed. */
    void seenDeleted(C lastState) {
        writes.computeIfPresent(key(lastState), (key, write) -> write.object() == null
                || write.supersededBy(version(lastState)) ? null : write);
    }

    /**
     * The writes not yet seen, in one namespace (every namespace when null). Take this before reading the informer's
     * cache: the informer updates its cache before it reports a state seen, so a write missing here is in the cache
     * read after, and one present here is merged with whatever the cache holds by then.
     */
    Map<String, Write<C>> pending(String namespace) {
        Map<String, Write<C>> pending = new HashMap<>();
        writes.forEach((key, write) -> {
            if (namespace == null || namespace.equals(write.namespace())) {
                pending.put(key, write);
            }
        });
        return pending;
    }

    /** The write not yet seen under this key, if any; take it before reading the cache (see {@link #pending}). */
    Write<C> pendingAt(String key) {
        return writes.get(key);
    }

    /** The newer of the informer's copy and this process's own write (null: none pending). */
    static <C extends HasMetadata> Optional<C> merge(Write<C> write, C cached) {
        if (write == null || cached != null && write.supersededBy(version(cached))) {
            return Optional.ofNullable(cached);
        }
        return Optional.ofNullable(write.object());
    }

    static String key(HasMetadata object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    /**
     * Kubernetes calls resource versions opaque, but every API server (etcd's revision) and the test mock count up;
     * an unreadable one counts as oldest, so the informer's copy wins.
     */
    static long version(HasMetadata object) {
        try {
            return Long.parseLong(object.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return Long.MIN_VALUE;
        }
    }
}
