package dev.nubo.kubernetes.services;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.kubernetes.endpoint.KubernetesFunctionEndpoints;
import dev.nubo.kubernetes.function.FunctionResourceWaker;
import dev.nubo.kubernetes.logs.PodFunctionLogs;
import dev.nubo.kubernetes.store.KubernetesStoreConfiguration;
import dev.nubo.kubernetes.store.NamespaceMapping;

/**
 * What the services that run no function — API, console, triggers — take from the cluster with
 * {@code nubo.backend=kubernetes}: where functions answer ({@link KubernetesFunctionEndpoints}, over the store's
 * Functions and the EndpointSlices: the API's and the console's invoke, the gateway and the dispatchers), their logs
 * (from the pods) and the runtimes offered (from configuration). Not where the operator runs (the controller): it
 * reconciles from its own informers and needs none of these.
 */
@AutoConfiguration(after = KubernetesStoreConfiguration.class)
@ConditionalOnProperty(name = "nubo.backend", havingValue = "kubernetes")
@ConditionalOnMissingBean(type = "io.javaoperatorsdk.operator.Operator")
@EnableConfigurationProperties(KubernetesServicesProperties.class)
public class KubernetesServicesConfiguration {

    /** How a call held for a function at zero wakes it: the annotation on its Function resource. */
    @Bean
    @ConditionalOnMissingBean(FunctionWaker.class)
    FunctionWaker functionWaker(KubernetesClient client, NamespaceMapping mapping, ObjectProvider<Clock> clock) {
        return new FunctionResourceWaker(client, clock.getIfAvailable(Clock::systemUTC), mapping);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    KubernetesFunctionEndpoints kubernetesFunctionEndpoints(FunctionStore functions, KubernetesClient client,
            KubernetesServicesProperties properties, NamespaceMapping mapping, FunctionWaker waker,
            ObjectProvider<Clock> clock) {
        return new KubernetesFunctionEndpoints(functions, client, properties.namespaces(), mapping, waker,
                clock.getIfAvailable(Clock::systemUTC), properties.containerConcurrency());
    }

    @Bean
    @ConditionalOnMissingBean(FunctionLogs.class)
    PodFunctionLogs podFunctionLogs(KubernetesClient client, NamespaceMapping mapping) {
        return new PodFunctionLogs(client, mapping);
    }

    @Bean
    @ConditionalOnMissingBean(RuntimeCatalog.class)
    ConfiguredRuntimeCatalog configuredRuntimeCatalog(KubernetesServicesProperties properties) {
        return new ConfiguredRuntimeCatalog(properties.runtimes());
    }
}
