package dev.nubo.triggers.kubernetes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.distributed.DistributedProperties;

/**
 * The gateway and dispatchers in a cluster ({@code nubo.backend=kubernetes}): their {@code FunctionEndpoints} (from
 * the EndpointSlices; a call for a function at zero wakes it) come from platform-kubernetes'
 * {@code KubernetesServicesConfiguration}, as the API's and the console's do; this service adds the calls it counts,
 * published on {@code /_nubo/concurrency} for the operator's scaler ({@link ConcurrencyEndpoint}, guarded by the
 * internal token). The local backend never creates these.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "nubo.backend", havingValue = "kubernetes")
@EnableConfigurationProperties(DistributedProperties.class)
public class KubernetesGatewayConfiguration {
}
