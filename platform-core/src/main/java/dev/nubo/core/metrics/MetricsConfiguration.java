package dev.nubo.core.metrics;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The per-function call metrics every service shares in one JVM: dispatchers record into it, the console reads it,
 * and its meters go to the application's {@link MeterRegistry} (Prometheus in standalone) when there is one.
 * Its {@link ReplicaSampler} (a thread) runs only in services that import {@link ReplicaSamplerConfiguration}:
 * those that record or show calls (API, triggers, console), not the controller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    @Bean
    InMemoryFunctionMetrics inMemoryFunctionMetrics(Clock clock, ObjectProvider<MeterRegistry> registry,
            MetricsProperties properties) {
        return new InMemoryFunctionMetrics(clock, registry.getIfAvailable(), properties.maxFunctions());
    }
}
