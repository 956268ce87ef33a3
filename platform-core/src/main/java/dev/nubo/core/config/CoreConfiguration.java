package dev.nubo.core.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.nubo.core.function.FunctionLimits;
import dev.nubo.core.function.FunctionValidator;
import dev.nubo.core.function.service.FunctionUseCases;
import dev.nubo.core.kubeless.KubelessFunctionConverter;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.store.StoreConfiguration;
import dev.nubo.core.trigger.service.TriggerUseCases;

/**
 * What every service module imports: the settings, the store, validation, Kubeless conversion and the function and
 * trigger use cases.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NuboProperties.class, dev.nubo.core.secret.SecretsProperties.class})
@Import({StoreConfiguration.class, dev.nubo.core.distributed.DistributedStoreConfiguration.class,
        dev.nubo.core.quota.QuotaConfiguration.class, FunctionUseCases.class, TriggerUseCases.class,
        dev.nubo.core.metrics.MetricsConfiguration.class})
public class CoreConfiguration {

    @Bean
    FunctionLimits functionLimits(NuboProperties properties) {
        return properties.functions().limits();
    }

    @Bean
    FunctionValidator functionValidator(RuntimeCatalog catalog, FunctionLimits limits) {
        return new FunctionValidator(catalog, limits);
    }

    @Bean
    KubelessFunctionConverter kubelessFunctionConverter(RuntimeCatalog catalog) {
        return new KubelessFunctionConverter(catalog);
    }
}
