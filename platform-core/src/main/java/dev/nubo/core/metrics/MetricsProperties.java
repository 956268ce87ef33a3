package dev.nubo.core.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nubo.metrics.*}: the per-function call metrics (docs/configuration.md).
 *
 * @param maxFunctions           functions tracked at most (history and Prometheus series); calls of more are not
 *                               recorded
 * @param replicaSampleInterval  how often each function's ready replicas are sampled
 */
@ConfigurationProperties("nubo.metrics")
public record MetricsProperties(@DefaultValue("5000") int maxFunctions,
        @DefaultValue("15s") Duration replicaSampleInterval) {
}
