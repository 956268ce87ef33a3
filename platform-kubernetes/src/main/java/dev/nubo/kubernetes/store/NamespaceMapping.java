package dev.nubo.kubernetes.store;

import dev.nubo.core.store.NamespaceStore;

/**
 * Which Kubernetes namespace holds each Nubo namespace. Every Nubo namespace is the Kubernetes namespace of the same
 * name, except Nubo's {@code default}, which may be given its own ({@code nubo.kubernetes.default-namespace}) so that
 * functions do not land in the cluster's {@code default} beside whatever else runs there. Then the cluster's
 * {@code default} is no Nubo namespace at all (what is in it is not Nubo's), and the Tenant of Nubo's {@code default}
 * is named after its Kubernetes namespace, as every Tenant is.
 *
 * @param defaultNamespace the Kubernetes namespace of Nubo's {@code default}
 */
public record NamespaceMapping(String defaultNamespace) {

    /** Nubo's {@code default} is the cluster's {@code default}: every name maps to itself. */
    public static final NamespaceMapping IDENTITY = new NamespaceMapping(NamespaceStore.DEFAULT);

    public NamespaceMapping {
        defaultNamespace = defaultNamespace == null || defaultNamespace.isBlank() ? NamespaceStore.DEFAULT
                : defaultNamespace;
    }

    /** The Kubernetes namespace of a Nubo namespace. */
    public String toCluster(String nuboNamespace) {
        return NamespaceStore.DEFAULT.equals(nuboNamespace) ? defaultNamespace : nuboNamespace;
    }

    /**
     * Whether a name can be a Nubo namespace: not the Kubernetes name of Nubo's {@code default} (it would be a second
     * name for {@code default}).
     */
    public boolean isNubo(String nuboNamespace) {
        return NamespaceStore.DEFAULT.equals(defaultNamespace) || !defaultNamespace.equals(nuboNamespace);
    }

    /** The Nubo namespace a Kubernetes namespace holds; null when it holds none (the cluster's own {@code default}). */
    public String toNubo(String clusterNamespace) {
        if (defaultNamespace.equals(clusterNamespace)) {
            return NamespaceStore.DEFAULT;
        }
        return NamespaceStore.DEFAULT.equals(clusterNamespace) ? null : clusterNamespace;
    }
}
