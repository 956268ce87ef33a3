package dev.nubo.kubernetes.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * What this process wrote that its informer may not have seen yet, so a read right after a write sees the write
 * (the informer's watch delivers it a few milliseconds later). An entry lasts until the informer shows a version at
 * least as new; a deletion is kept as a tombstone the same way.
 */
final class OwnWrites<C extends HasMetadata> {

    /** A write: the object as the API server answered, or a tombstone (object null) at the last version seen. */
    private record Write<C>(C object, String namespace, long version) {

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

    /** The newer of the informer's copy and this process's own write. */
    Optional<C> merge(String key, C cached) {
        Write<C> write = writes.get(key);
        if (write == null || cached != null && write.supersededBy(version(cached))) {
            return Optional.ofNullable(cached);
        }
        return Optional.ofNullable(write.object());
    }

    /** Keys of own writes in a namespace (every namespace when null), to merge into a listing of the cache. */
    Stream<String> keys(String namespace) {
        return writes.entrySet().stream()
                .filter(e -> namespace == null || namespace.equals(e.getValue().namespace()))
                .map(Map.Entry::getKey);
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
