package dev.nubo.kubernetes.services;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.nubo.core.runtime.RuntimeInfo;
import dev.nubo.kubernetes.store.NamespaceMapping;

/**
 * What the API, console and triggers services read of {@code nubo.kubernetes.*} (the controller reads the same keys
 * into its own record).
 *
 * @param namespaces       the Kubernetes namespaces whose functions are routed and whose EndpointSlices are watched;
 *                         empty: all
 * @param defaultNamespace the Kubernetes namespace of Nubo's {@code default} namespace ({@link NamespaceMapping})
 * @param runtimes         the runtimes this installation's images offer ({@link ConfiguredRuntimeCatalog}); the chart
 *                         sets them from values.yaml
 * @param containerConcurrency calls one function pod is given at once by each service that dispatches (gateway,
 *                         invoke, triggers) when its function's {@code scaling.containerConcurrency} says nothing;
 *                         more wait for a place (0: no cap) — as {@code nubo.controller.container-concurrency} locally
 */
@ConfigurationProperties("nubo.kubernetes")
public record KubernetesServicesProperties(@DefaultValue List<String> namespaces,
        @DefaultValue("default") String defaultNamespace, @DefaultValue List<RuntimeInfo> runtimes,
        @DefaultValue("100") int containerConcurrency) {

    public NamespaceMapping namespaceMapping() {
        return new NamespaceMapping(defaultNamespace);
    }
}
