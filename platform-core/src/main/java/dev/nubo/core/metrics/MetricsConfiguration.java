package dev.nubo.core.metrics;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.store.FunctionStore;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The per-function call metrics every service shares in one JVM: dispatchers record into it, the console reads it,
 * and its meters go to the application's {@link MeterRegistry} (Prometheus in standalone) when there is one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    @Bean
    InMemoryFunctionMetrics inMemoryFunctionMetrics(Clock clock, ObjectProvider<MeterRegistry> registry,
            MetricsProperties properties) {
        return new InMemoryFunctionMetrics(clock, registry.getIfAvailable(), properties.maxFunctions());
    }

    @Bean
    ReplicaSampler replicaSampler(InMemoryFunctionMetrics metrics, FunctionStore store,
            ObjectProvider<FunctionEndpoints> endpoints, Clock clock, MetricsProperties properties) {
        return new ReplicaSampler(metrics, store, endpoints, clock, properties.replicaSampleInterval());
    }
}
