package dev.nubo.triggers.kafka;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.KafkaTriggerStore;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.triggers.dispatch.FunctionCaller;
import dev.nubo.triggers.source.EventSourceProperties;
import dev.nubo.triggers.source.SourceTriggers;

/**
 * The Kafka dispatcher; off with {@code nubo.kafka.enabled=false}. With no cluster configured the triggers still get
 * a status saying why they do not run.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "nubo.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({KafkaProperties.class, EventSourceProperties.class})
public class KafkaConfiguration {

    @Bean(destroyMethod = "close")
    KafkaTriggerKind kafkaTriggerKind(KafkaProperties properties) {
        return new KafkaTriggerKind(properties);
    }

    /** The cluster's topics for the console's Kafka trigger form (a platform-core contract). */
    @Bean(destroyMethod = "close")
    KafkaTopicCatalog kafkaTopicCatalog(KafkaProperties properties) {
        return new KafkaTopicCatalog(properties, java.time.Duration.ofSeconds(3));
    }

    @Bean
    SourceTriggers<KafkaTrigger, KafkaTriggerSpec> kafkaTriggers(KafkaTriggerKind kind, KafkaTriggerStore store,
            FunctionStore functions, FunctionCaller caller, EventSourceProperties properties, Clock clock) {
        return new SourceTriggers<>(kind, store, functions, caller, properties, clock);
    }
}
