package dev.nubo.triggers.kubernetes;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.kubernetes.endpoint.KubernetesFunctionEndpoints;
import dev.nubo.kubernetes.function.FunctionResourceWaker;

/**
 * The gateway and dispatchers in a cluster ({@code nubo.backend=kubernetes}): functions' endpoints from their
 * EndpointSlices, a call for a function at zero wakes it through its Function resource, and the calls counted here
 * are published on {@code /_nubo/concurrency} for the operator's scaler. The local backend never creates these.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "nubo.backend", havingValue = "kubernetes")
@EnableConfigurationProperties({KubernetesGatewayProperties.class, DistributedProperties.class})
public class KubernetesGatewayConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
        // in a pod: its service account; elsewhere: ~/.kube/config
        return new KubernetesClientBuilder().build();
    }

    @Bean
    @ConditionalOnMissingBean(FunctionWaker.class)
    FunctionWaker functionWaker(KubernetesClient client, ObjectProvider<Clock> clock) {
        return new FunctionResourceWaker(client, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    KubernetesFunctionEndpoints kubernetesFunctionEndpoints(KubernetesClient client,
            KubernetesGatewayProperties properties, FunctionWaker waker, ObjectProvider<Clock> clock) {
        return new KubernetesFunctionEndpoints(client, properties.namespaces(), waker,
                clock.getIfAvailable(Clock::systemUTC));
    }
}
