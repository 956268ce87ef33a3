package dev.nubo.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

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

    /**
     * The metadata of a resource submitted to {@code namespace} (and, for a replace, to {@code pathName}): the path
     * decides, the body may repeat them but not contradict them. Identity and bookkeeping the platform owns (uid,
     * generation, timestamps) are dropped. {@code kind} names the resource in the message ("function", "CronTrigger").
     */
    public static ObjectMeta submitted(ObjectMeta submitted, String namespace, String pathName, String kind) {
        ObjectMeta meta = submitted == null ? named(namespace, pathName) : submitted;
        if (meta.namespace() != null && !meta.namespace().equals(namespace)) {
            throw new ValidationException(List.of(new FieldError("metadata.namespace", "NAMESPACE_MISMATCH",
                    "the body names namespace " + meta.namespace() + " but the request is for " + namespace)));
        }
        String name = meta.name() == null ? pathName : meta.name();
        if (pathName != null && !Objects.equals(name, pathName)) {
            throw new ValidationException(List.of(new FieldError("metadata.name", ProblemCodes.NAME_MISMATCH,
                    "the body names " + kind + " " + name + " but the request is for " + pathName)));
        }
        return new ObjectMeta(name, namespace, meta.labels(), null, null, meta.resourceVersion(), null);
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
