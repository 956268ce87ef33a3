package dev.nubo.kubernetes.store;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.ResourceStore;
import dev.nubo.kubernetes.services.KubernetesServicesProperties;

/**
 * The Kubernetes backend's store ({@code nubo.backend=kubernetes}): Functions, triggers and namespaces are the
 * custom resources, in every service that has a store (API, console, triggers, controller), instead of the database
 * tables of the local backend; each namespace's quota is its Tenant's. Users, tokens, secrets and the audit log stay
 * in the database.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "nubo.backend", havingValue = "kubernetes")
@EnableConfigurationProperties(KubernetesServicesProperties.class)
public class KubernetesStoreConfiguration {

    /** Where each Nubo namespace is in the cluster ({@code nubo.kubernetes.default-namespace}). */
    @Bean
    NamespaceMapping namespaceMapping(KubernetesServicesProperties properties) {
        return properties.namespaceMapping();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
        // in a pod: its service account; elsewhere: ~/.kube/config
        return new KubernetesClientBuilder().build();
    }

    /**
     * A namespace holding resources or secrets cannot be deleted: counted over every store at the time (a service
     * without the database, such as a gateway alone, has no secrets to count).
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    TenantNamespaceStore namespaceStore(KubernetesClient client, ObjectProvider<ResourceStore<?, ?, ?>> stores,
            ObjectProvider<SecretStore> secrets, NamespaceMapping mapping) {
        return new TenantNamespaceStore(client, namespace -> {
            SecretStore secretStore = secrets.getIfAvailable();
            return (secretStore == null ? 0 : secretStore.list(namespace).size())
                    + stores.orderedStream().mapToLong(store -> store.list(namespace).size()).sum();
        }, mapping);
    }

    @Bean
    TenantQuotaStore quotaStore(TenantNamespaceStore namespaces) {
        return new TenantQuotaStore(namespaces);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    FunctionResourceStore functionStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        return new FunctionResourceStore(client, namespaces, mapping);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    HttpTriggerResourceStore httpTriggerStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        return new HttpTriggerResourceStore(client, namespaces, mapping);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    CronTriggerResourceStore cronTriggerStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        return new CronTriggerResourceStore(client, namespaces, mapping);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    KafkaTriggerResourceStore kafkaTriggerStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        return new KafkaTriggerResourceStore(client, namespaces, mapping);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    NatsTriggerResourceStore natsTriggerStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        return new NatsTriggerResourceStore(client, namespaces, mapping);
    }
}
