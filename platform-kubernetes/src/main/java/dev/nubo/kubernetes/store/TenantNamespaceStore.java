package dev.nubo.kubernetes.store;

import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.quota.TenantSpec;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.kubernetes.crd.TenantResource;

/**
 * The Nubo namespaces on the Kubernetes backend: one cluster-scoped {@code Tenant} custom resource each, which the
 * operator turns into the Kubernetes Namespace of the same name (with its quota, limits and network policy). The
 * store writes only the Tenant; read from an informer's cache like the other custom resources. The namespace's
 * quota is the Tenant's {@code spec.quota} ({@link TenantQuotaStore}). {@code default} is
 * created at start when missing, as the database's first migration does. A Tenant is named after its Kubernetes
 * namespace ({@link NamespaceMapping}: Nubo's {@code default} may be another one than the cluster's).
 */
public class TenantNamespaceStore implements NamespaceStore, AutoCloseable {

    private final KubernetesClient client;
    private final ToLongFunction<String> held;
    private final NamespaceMapping mapping;
    private final List<Consumer<TenantResource>> listeners = new CopyOnWriteArrayList<>();
    private volatile CustomResourceCache<TenantResource> cache;

    /**
     * @param held how many resources and secrets a namespace holds (a namespace holding any cannot be deleted)
     */
    public TenantNamespaceStore(KubernetesClient client, ToLongFunction<String> held) {
        this(client, held, NamespaceMapping.IDENTITY);
    }

    public TenantNamespaceStore(KubernetesClient client, ToLongFunction<String> held, NamespaceMapping mapping) {
        this.client = client;
        this.held = held;
        this.mapping = mapping;
    }

    /** Starts the informer and makes sure {@code default} exists. */
    public TenantNamespaceStore start() {
        cache = CustomResourceCache.start(client, TenantResource.class, new CustomResourceCache.Changes<>() {
            @Override
            public void added(TenantResource tenant) {
                changed(tenant);
            }

            @Override
            public void updated(TenantResource old, TenantResource now) {
                changed(now);
            }

            @Override
            public void deleted(TenantResource lastState) {
                changed(lastState);
            }
        });
        if (!exists(DEFAULT)) {
            try {
                create(DEFAULT);
            } catch (ProblemException | KubernetesClientException e) {
                // another service created it first, or this one may only read Tenants (the dispatchers)
            }
        }
        return this;
    }

    @Override
    public List<String> list() {
        return tenants().stream().map(this::namespaceOf).sorted().toList();
    }

    @Override
    public boolean exists(String name) {
        return tenant(name).isPresent();
    }

    @Override
    public void create(String name) {
        if (!mapping.isNubo(name)) {
            throw NamespaceStore.alreadyExists(name); // the Kubernetes name of default: taken
        }
        try {
            cache.written(client.resource(new TenantResource(mapping.toCluster(name), new TenantSpec(null))).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw NamespaceStore.alreadyExists(name);
            }
            throw e;
        }
    }

    @Override
    public void delete(String name) {
        if (DEFAULT.equals(name)) {
            throw NamespaceStore.defaultProtected();
        }
        TenantResource tenant = mapping.isNubo(name)
                ? client.resources(TenantResource.class).withName(mapping.toCluster(name)).get() : null;
        if (tenant == null) {
            throw NamespaceStore.notFound(name);
        }
        long holding = held.applyAsLong(name);
        if (holding > 0) {
            throw NamespaceStore.notEmpty(name, holding);
        }
        client.resources(TenantResource.class).withName(mapping.toCluster(name)).delete();
        cache.deleted(tenant);
    }

    /** The Tenant of a namespace, as the cache (and this process's writes) know it. */
    Optional<TenantResource> tenant(String name) {
        if (!mapping.isNubo(name)) {
            return Optional.empty();
        }
        return cache.get(null, mapping.toCluster(name));
    }

    /** The Tenants of Nubo namespaces (with a separate default, the cluster's {@code default} is none). */
    List<TenantResource> tenants() {
        return cache.listAll().stream().filter(t -> namespaceOf(t) != null).toList();
    }

    /** The Nubo namespace a Tenant stands for; null for none. */
    String namespaceOf(TenantResource tenant) {
        return mapping.toNubo(tenant.getMetadata().getName());
    }

    /** Changes the Tenant's spec (a JSON patch: no version to race for); empty when there is no such Tenant. */
    Optional<TenantResource> editSpec(String name, UnaryOperator<TenantSpec> change) {
        String tenantName = mapping.toCluster(name);
        if (!mapping.isNubo(name) || client.resources(TenantResource.class).withName(tenantName).get() == null) {
            return Optional.empty();
        }
        TenantResource edited = client.resources(TenantResource.class).withName(tenantName).edit(tenant -> {
            tenant.setSpec(change.apply(tenant.getSpec()));
            return tenant;
        });
        cache.written(edited);
        changed(edited);
        return Optional.of(edited);
    }

    /** {@code listener} gets every Tenant that was added, changed (by anyone) or deleted. */
    void subscribe(Consumer<TenantResource> listener) {
        listeners.add(listener);
    }

    private void changed(TenantResource tenant) {
        if (namespaceOf(tenant) == null) {
            return;
        }
        listeners.forEach(listener -> listener.accept(tenant));
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
