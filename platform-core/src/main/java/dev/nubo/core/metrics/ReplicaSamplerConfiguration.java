package dev.nubo.core.metrics;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.store.FunctionStore;

/**
 * The {@link ReplicaSampler} and its thread, for the services that record or show calls (API, triggers, console); the
 * controller does neither and leaves it out. Not nested in {@link MetricsConfiguration}: Spring would load it with it.
 */
@Configuration(proxyBeanMethods = false)
@Import(MetricsConfiguration.class)
public class ReplicaSamplerConfiguration {

    @Bean
    ReplicaSampler replicaSampler(InMemoryFunctionMetrics metrics, FunctionStore store,
            ObjectProvider<FunctionEndpoints> endpoints, Clock clock, MetricsProperties properties) {
        return new ReplicaSampler(metrics, store, endpoints, clock, properties.replicaSampleInterval());
    }
}
