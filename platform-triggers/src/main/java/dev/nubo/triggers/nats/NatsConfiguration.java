package dev.nubo.triggers.nats;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.NatsTriggerStore;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.triggers.dispatch.FunctionCaller;
import dev.nubo.triggers.source.EventSourceProperties;
import dev.nubo.triggers.source.SourceTriggers;

/** The NATS JetStream dispatcher; off with {@code nubo.nats.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "nubo.nats", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({NatsProperties.class, EventSourceProperties.class})
public class NatsConfiguration {

    @Bean(destroyMethod = "close")
    NatsTriggerKind natsTriggerKind(NatsProperties properties) {
        return new NatsTriggerKind(properties);
    }

    @Bean
    SourceTriggers<NatsTrigger, NatsTriggerSpec> natsTriggers(NatsTriggerKind kind, NatsTriggerStore store,
            FunctionStore functions, FunctionCaller caller, EventSourceProperties properties, Clock clock) {
        return new SourceTriggers<>(kind, store, functions, caller, properties, clock);
    }
}
