package dev.nubo.core.quota;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.core.store.KafkaTriggerStore;
import dev.nubo.core.store.NatsTriggerStore;

/** Namespace quotas for the use cases ({@code nubo.quotas.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuotaConfiguration.QuotaProperties.class)
public class QuotaConfiguration {

    /**
     * @param defaultMemory what a replica of a function without a memory limit counts against a memory quota; keep it
     *                      equal to the backend's default limit ({@code nubo.sandbox.default-memory})
     */
    @ConfigurationProperties("nubo.quotas")
    public record QuotaProperties(@DefaultValue("512Mi") String defaultMemory) {
    }

    /** On the Kubernetes backend the Tenant resources carry the quotas instead (platform-kubernetes). */
    @Bean
    @ConditionalOnProperty(name = "nubo.backend", havingValue = "local", matchIfMissing = true)
    QuotaStore quotaStore(JdbcTemplate jdbc) {
        return new JdbcQuotaStore(jdbc);
    }

    @Bean
    NamespaceQuotas namespaceQuotas(QuotaStore quotas, FunctionStore functions, HttpTriggerStore http,
            CronTriggerStore cron, KafkaTriggerStore kafka, NatsTriggerStore nats, QuotaProperties properties,
            org.springframework.beans.factory.ObjectProvider<GatewayCallRates> callRates) {
        NamespaceQuotas namespaceQuotas = new NamespaceQuotas(quotas, functions, List.of(http, cron, kafka, nats),
                properties.defaultMemory());
        // looked up per read: the gateway's bean may come later than this one, or not at all (the API alone)
        namespaceQuotas.measuredBy(namespace -> {
            GatewayCallRates rates = callRates.getIfAvailable();
            return rates == null ? null : rates.callsPerSecond(namespace);
        });
        return namespaceQuotas;
    }
}
