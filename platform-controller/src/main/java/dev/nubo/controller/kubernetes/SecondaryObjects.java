package dev.nubo.controller.kubernetes;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import dev.nubo.kubernetes.function.DesiredHash;

/**
 * Writes a desired object only when the cluster's copy (from the informer cache) carries another desired hash, and
 * tells the informer what was written so the next reconcile does not read a stale cache.
 */
final class SecondaryObjects {

    private SecondaryObjects() {
    }

    /** @return whether anything was written */
    static <R extends HasMetadata> boolean apply(KubernetesClient client, InformerEventSource<R, ?> cache,
            ResourceID primary, R desired) {
        ResourceID id = ResourceID.fromResource(desired);
        Optional<R> actual = cache.get(id);
        if (actual.isPresent() && DesiredHash.upToDate(actual.get(), desired)) {
            return false;
        }
        if (actual.isEmpty()) {
            R created = client.resource(desired).create();
            cache.handleRecentResourceCreate(primary, created);
        } else {
            desired.getMetadata().setResourceVersion(actual.get().getMetadata().getResourceVersion());
            R updated = client.resource(desired).update();
            cache.handleRecentResourceUpdate(primary, updated, actual.get());
        }
        return true;
    }

    /** Deletes the object when it exists (e.g. the autoscaler of a function that no longer scales). */
    static <R extends HasMetadata> boolean delete(KubernetesClient client, InformerEventSource<R, ?> cache,
            ResourceID id) {
        Optional<R> actual = cache.get(id);
        actual.ifPresent(r -> client.resource(r).delete());
        return actual.isPresent();
    }
}
