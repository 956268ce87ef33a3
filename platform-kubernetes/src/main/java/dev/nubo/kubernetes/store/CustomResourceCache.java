package dev.nubo.kubernetes.store;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The custom resources of one kind, in every namespace, as a SharedIndexInformer keeps them (a list, then a watch:
 * never polling), plus this process's own writes the watch has not delivered yet ({@link OwnWrites}). Reads never go
 * to the API server.
 */
final class CustomResourceCache<C extends HasMetadata> implements AutoCloseable {

    /** What the informer saw change, in the order the API server made the changes. */
    interface Changes<C> {
        default void added(C object) {
        }

        default void updated(C old, C now) {
        }

        default void deleted(C lastState) {
        }
    }

    private static final Comparator<HasMetadata> BY_NAMESPACE_AND_NAME = Comparator
            .comparing((HasMetadata o) -> Objects.toString(o.getMetadata().getNamespace(), ""))
            .thenComparing(o -> o.getMetadata().getName());

    private final SharedIndexInformer<C> informer;
    private final OwnWrites<C> own = new OwnWrites<>();

    private CustomResourceCache(SharedIndexInformer<C> informer) {
        this.informer = informer;
    }

    /** Lists and starts watching; returns once the first list is in the cache. */
    static <C extends HasMetadata> CustomResourceCache<C> start(KubernetesClient client, Class<C> type, Changes<C> changes) {
        SharedIndexInformer<C> informer = client.resources(type).inAnyNamespace().runnableInformer(0);
        CustomResourceCache<C> cache = new CustomResourceCache<>(informer);
        informer.addEventHandler(cache.handler(changes));
        informer.start().toCompletableFuture().join();
        return cache;
    }

    private ResourceEventHandler<C> handler(Changes<C> changes) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(C object) {
                own.seen(object);
                changes.added(object);
            }

            @Override
            public void onUpdate(C old, C now) {
                own.seen(now);
                if (!Objects.equals(old.getMetadata().getResourceVersion(), now.getMetadata().getResourceVersion())) {
                    changes.updated(old, now); // equal versions: a relist found nothing new
                }
            }

            @Override
            public void onDelete(C lastState, boolean finalStateUnknown) {
                own.seenDeleted(lastState);
                changes.deleted(lastState);
            }
        };
    }

    Optional<C> get(String namespace, String name) {
        String key = namespace == null ? name : Cache.namespaceKeyFunc(namespace, name);
        OwnWrites.Write<C> write = own.pendingAt(key); // before the cache: see OwnWrites.pending
        return OwnWrites.merge(write, informer.getIndexer().getByKey(key));
    }

    /** Sorted by name. */
    List<C> list(String namespace) {
        Map<String, OwnWrites.Write<C>> pending = own.pending(namespace); // before the cache: see OwnWrites.pending
        return merged(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream(), pending);
    }

    /** Sorted by namespace, then name. */
    List<C> listAll() {
        Map<String, OwnWrites.Write<C>> pending = own.pending(null);
        return merged(informer.getIndexer().list().stream(), pending);
    }

    private List<C> merged(Stream<C> cached, Map<String, OwnWrites.Write<C>> pending) {
        Map<String, C> byKey = cached.collect(Collectors.toMap(OwnWrites::key, Function.identity(), (a, b) -> b,
                HashMap::new));
        pending.keySet().forEach(key -> byKey.putIfAbsent(key, null));
        return byKey.entrySet().stream()
                .map(e -> OwnWrites.merge(pending.get(e.getKey()), e.getValue()))
                .flatMap(Optional::stream)
                .sorted(BY_NAMESPACE_AND_NAME)
                .toList();
    }

    /** The API server's answer to this process's write: reads see it from now on. */
    C written(C object) {
        own.written(object);
        return object;
    }

    void deleted(C lastState) {
        own.deleted(lastState);
    }

    @Override
    public void close() {
        informer.stop();
    }
}
