package dev.nubo.core.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Kubernetes-style metadata. {@code generation} rises on every spec change; {@code resourceVersion} on every
 * write, and an update that carries a stale one is refused (optimistic concurrency).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectMeta(
        String name,
        String namespace,
        Map<String, String> labels,
        String uid,
        Long generation,
        String resourceVersion,
        Instant creationTimestamp) {

    public ObjectMeta {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static ObjectMeta named(String namespace, String name) {
        return new ObjectMeta(name, namespace, Map.of(), null, null, null, null);
    }

    public ObjectMeta withNamespace(String ns) {
        return new ObjectMeta(name, ns, labels, uid, generation, resourceVersion, creationTimestamp);
    }

    public ObjectMeta withResourceVersion(String version) {
        return new ObjectMeta(name, namespace, labels, uid, generation, version, creationTimestamp);
    }

    /** The identity and bookkeeping the store assigns, with the caller's name and labels. */
    public ObjectMeta stored(String storedUid, long storedGeneration, String storedVersion, Instant created) {
        return new ObjectMeta(name, namespace, labels, storedUid, storedGeneration, storedVersion, created);
    }
}
