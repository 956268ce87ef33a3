package dev.nubo.core.trigger.service;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.kubeless.KubelessTriggerConverter;
import dev.nubo.core.quota.NamespaceQuotas;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.core.store.KafkaTriggerStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.NatsTriggerStore;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.TriggerKind;

/** The trigger use cases as beans, one {@link TriggerService} per kind, for the API and the console. */
@Configuration(proxyBeanMethods = false)
public class TriggerUseCases {

    @Bean
    TriggerService<HttpTrigger, HttpTriggerSpec> httpTriggerService(HttpTriggerStore store, NamespaceStore namespaces,
            Clock clock, NamespaceQuotas quotas) {
        return new TriggerService<>(TriggerKind.HTTP, store, namespaces, clock, quotas);
    }

    @Bean
    TriggerService<CronTrigger, CronTriggerSpec> cronTriggerService(CronTriggerStore store, NamespaceStore namespaces,
            Clock clock, NamespaceQuotas quotas) {
        return new TriggerService<>(TriggerKind.CRON, store, namespaces, clock, quotas);
    }

    @Bean
    TriggerService<KafkaTrigger, KafkaTriggerSpec> kafkaTriggerService(KafkaTriggerStore store, NamespaceStore namespaces,
            Clock clock, NamespaceQuotas quotas) {
        return new TriggerService<>(TriggerKind.KAFKA, store, namespaces, clock, quotas);
    }

    @Bean
    TriggerService<NatsTrigger, NatsTriggerSpec> natsTriggerService(NatsTriggerStore store, NamespaceStore namespaces,
            Clock clock, NamespaceQuotas quotas) {
        return new TriggerService<>(TriggerKind.NATS, store, namespaces, clock, quotas);
    }

    @Bean
    TriggerManifests triggerManifests() {
        return new TriggerManifests(new KubelessTriggerConverter());
    }

    @Bean
    CronPreview cronPreview(Clock clock) {
        return new CronPreview(clock);
    }
}
