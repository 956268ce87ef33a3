package dev.nubo.kubernetes.store;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.model.Resource;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.ResourceStore;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.store.StoreListeners;
import dev.nubo.core.store.StoreProblems;

/**
 * {@link ResourceStore} over one kind of Nubo custom resource: the Kubernetes backend's store, with the JDBC store's
 * promises. Reads come from a SharedIndexInformer's cache ({@link CustomResourceCache}; this process's own writes are
 * seen at once); writes go to the API server, which assigns uid, generation and resourceVersion and refuses a stale
 * resourceVersion (409). Status is written through the status subresource, so it never raises the generation.
 * Change events come from the informer, in the API server's order, whoever wrote — another replica of the API, the
 * console, a dispatcher, the operator, {@code kubectl}.
 *
 * @param <C> the fabric8 class of the custom resource, whose spec and status are the core record's
 */
public class CustomResourceStore<R extends Resource<S, T>, S, T, C extends CustomResource<S, T>>
        implements ResourceStore<R, S, T>, AutoCloseable {

    /** Writes without a resourceVersion retry a conflict with another writer this often before giving up. */
    private static final int UNCONDITIONAL_ATTEMPTS = 10;
    private static final Duration NAMESPACE_WAIT = Duration.ofSeconds(30);

    private final String kind;
    private final Class<C> type;
    private final Supplier<C> newResource;
    private final ResourceStore.Assembler<R, S, T> assembler;
    private final KubernetesClient client;
    private final NamespaceStore namespaces;
    private final NamespaceMapping mapping;
    private final StoreListeners<R> listeners = new StoreListeners<>();
    private volatile CustomResourceCache<C> cache;

    public CustomResourceStore(String kind, Class<C> type, Supplier<C> newResource,
            ResourceStore.Assembler<R, S, T> assembler, KubernetesClient client, NamespaceStore namespaces) {
        this(kind, type, newResource, assembler, client, namespaces, NamespaceMapping.IDENTITY);
    }

    public CustomResourceStore(String kind, Class<C> type, Supplier<C> newResource,
            ResourceStore.Assembler<R, S, T> assembler, KubernetesClient client, NamespaceStore namespaces,
            NamespaceMapping mapping) {
        this.mapping = mapping;
        this.kind = kind;
        this.type = type;
        this.newResource = newResource;
        this.assembler = assembler;
        this.client = client;
        this.namespaces = namespaces;
    }

    /** Starts the informer; returns once it holds every resource of this kind. */
    public void start() {
        cache = CustomResourceCache.start(client, type, new CustomResourceCache.Changes<>() {
            @Override
            public void added(C object) {
                if (!seen(object)) {
                    return;
                }
                listeners.publish(new StoreEvent<>(StoreEvent.Type.ADDED, toResource(object), true));
            }

            @Override
            public void updated(C old, C now) {
                if (!seen(now)) {
                    return;
                }
                boolean specChanged = !Objects.equals(old.getMetadata().getGeneration(), now.getMetadata().getGeneration())
                        || !Objects.equals(old.getMetadata().getLabels(), now.getMetadata().getLabels());
                listeners.publish(new StoreEvent<>(StoreEvent.Type.MODIFIED, toResource(now), specChanged));
            }

            @Override
            public void deleted(C lastState) {
                if (!seen(lastState)) {
                    return;
                }
                listeners.publish(new StoreEvent<>(StoreEvent.Type.DELETED, toResource(lastState), true));
            }
        });
    }

    @Override
    public R create(R resource) {
        ObjectMeta meta = resource.metadata();
        if (!namespaces.exists(meta.namespace())) {
            throw NamespaceStore.notFound(meta.namespace());
        }
        C created;
        try {
            created = createIn(mapping.toCluster(meta.namespace()), toCustomResource(resource));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw StoreProblems.exists(kind, meta.namespace(), meta.name());
            }
            throw e;
        }
        cache.written(created);
        if (resource.status() != null) {
            // the API server ignores status in a create when the status subresource is on
            created.setStatus(resource.status());
            created = client.resource(created).updateStatus();
        }
        return toResource(cache.written(created));
    }

    @Override
    public Optional<R> get(String namespace, String name) {
        if (!mapping.isNubo(namespace)) {
            return Optional.empty();
        }
        return cache.get(mapping.toCluster(namespace), name).map(this::toResource);
    }

    @Override
    public List<R> list(String namespace) {
        if (!mapping.isNubo(namespace)) {
            return List.of();
        }
        return cache.list(mapping.toCluster(namespace)).stream().map(this::toResource).toList();
    }

    @Override
    public List<R> listAll() {
        return cache.listAll().stream().filter(this::seen).map(this::toResource).toList();
    }

    @Override
    public R update(R resource) {
        ObjectMeta meta = resource.metadata();
        String expected = meta.resourceVersion();
        for (int attempt = 1; ; attempt++) {
            C current = read(meta.namespace(), meta.name())
                    .orElseThrow(() -> StoreProblems.notFound(kind, meta.namespace(), meta.name()));
            String now = current.getMetadata().getResourceVersion();
            if (expected != null && !expected.equals(now)) {
                throw StoreProblems.staleVersion(kind, meta.name(), expected, now);
            }
            current.getMetadata().setLabels(new java.util.HashMap<>(meta.labels()));
            current.setSpec(resource.spec());
            try {
                // the read's resourceVersion goes along: the API server refuses it if another write came between
                return toResource(cache.written(client.resource(current).update()));
            } catch (KubernetesClientException e) {
                if (!conflict(e, attempt, expected == null)) {
                    throw e;
                }
                if (expected != null) {
                    throw StoreProblems.staleVersion(kind, meta.name(), expected, "newer");
                }
            }
        }
    }

    @Override
    public Optional<R> updateStatus(String namespace, String name, T status) {
        return changeStatus(namespace, name, current -> status);
    }

    /**
     * Optimistic rather than locked: {@code change} runs on a fresh read and its result is written with that read's
     * resourceVersion; when another writer came first, it runs again on the newer state.
     */
    @Override
    public Optional<R> changeStatus(String namespace, String name, Function<? super R, ? extends T> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<C> read = read(namespace, name);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            C current = read.get();
            T status = change.apply(toResource(current));
            if (status == null) {
                return Optional.of(toResource(current));
            }
            current.setStatus(status);
            try {
                return Optional.of(toResource(cache.written(client.resource(current).updateStatus())));
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return Optional.empty();
                }
                if (!conflict(e, attempt, true)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<R> delete(String namespace, String name) {
        Optional<C> current = read(namespace, name);
        // by name, without the read's version as a precondition: a delete wins over a write in between, as in the database
        if (current.isEmpty()
                || client.resources(type).inNamespace(mapping.toCluster(namespace)).withName(name).delete().isEmpty()) {
            return Optional.empty();
        }
        cache.deleted(current.get());
        return Optional.of(toResource(current.get()));
    }

    @Override
    public void subscribe(Consumer<StoreEvent<R>> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }

    /**
     * The operator makes a tenant's Kubernetes Namespace a moment after its Tenant: a resource created in between
     * waits for it (a watch, bounded) instead of failing.
     */
    private C createIn(String namespace, C object) {
        try {
            return client.resource(object).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
            try {
                client.namespaces().withName(namespace).waitUntilCondition(Objects::nonNull,
                        NAMESPACE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (KubernetesClientException | IllegalStateException timedOut) {
                throw NamespaceStore.notFound(mapping.toNubo(namespace));
            }
            return client.resource(object).create();
        }
    }

    /** Writes start from the API server's copy, not the cache: their resourceVersion is what the server checks. */
    private Optional<C> read(String namespace, String name) {
        if (!mapping.isNubo(namespace)) {
            return Optional.empty();
        }
        return Optional.ofNullable(client.resources(type).inNamespace(mapping.toCluster(namespace)).withName(name).get());
    }

    /** Whether the object is in a Kubernetes namespace that holds a Nubo namespace. */
    private boolean seen(C object) {
        return mapping.toNubo(object.getMetadata().getNamespace()) != null;
    }

    private boolean conflict(KubernetesClientException e, int attempt, boolean retry) {
        return e.getCode() == HttpURLConnection.HTTP_CONFLICT && (!retry || attempt < UNCONDITIONAL_ATTEMPTS);
    }

    C toCustomResource(R resource) {
        ObjectMeta meta = resource.metadata();
        C object = newResource.get();
        object.setMetadata(new ObjectMetaBuilder().withNamespace(mapping.toCluster(meta.namespace())).withName(meta.name())
                .withLabels(new java.util.HashMap<>(meta.labels())).build());
        object.setSpec(resource.spec());
        return object;
    }

    R toResource(C object) {
        io.fabric8.kubernetes.api.model.ObjectMeta meta = object.getMetadata();
        String created = meta.getCreationTimestamp();
        return assembler.assemble(new ObjectMeta(meta.getName(), mapping.toNubo(meta.getNamespace()), meta.getLabels(), meta.getUid(),
                meta.getGeneration(), meta.getResourceVersion(), created == null ? null : Instant.parse(created)),
                object.getSpec(), object.getStatus());
    }
}
