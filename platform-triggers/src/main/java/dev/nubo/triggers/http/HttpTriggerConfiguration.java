package dev.nubo.triggers.http;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.quota.QuotaStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.core.user.InvokeCredentials;
import dev.nubo.triggers.access.NamespaceCallMeter;
import dev.nubo.triggers.access.TenantCredentials;
import dev.nubo.triggers.gateway.GatewayProperties;

/**
 * The gateway's HttpTrigger routes and function access: kept from the store when there is one, none otherwise; the
 * checks of platform credentials (when the user store is here) and the calls-per-second meter of the quotas.
 */
@Configuration(proxyBeanMethods = false)
public class HttpTriggerConfiguration {

    @Bean
    HttpRoutes httpRoutes(ObjectProvider<HttpTriggerStore> triggers, ObjectProvider<FunctionStore> functions,
            ObjectProvider<QuotaStore> quotas, ObjectProvider<Clock> clock, GatewayProperties gateway) {
        HttpTriggerStore triggerStore = triggers.getIfAvailable();
        FunctionStore functionStore = functions.getIfAvailable();
        if (triggerStore == null || functionStore == null) {
            return HttpRoutes.none();
        }
        return new HttpTriggerRouter(triggerStore, functionStore, quotas.getIfAvailable(),
                clock.getIfAvailable(Clock::systemUTC), gateway.triggerResyncInterval(),
                gateway.triggerStatusInterval(), gateway.passwordCheckThreads());
    }

    @Bean(destroyMethod = "close")
    TenantCredentials tenantCredentials(ObjectProvider<InvokeCredentials> credentials, ObjectProvider<Clock> clock,
            GatewayProperties gateway) {
        return new TenantCredentials(credentials.getIfAvailable(), clock.getIfAvailable(Clock::systemUTC),
                gateway.credentialCacheTtl(), gateway.passwordCheckThreads());
    }

    @Bean
    NamespaceCallMeter namespaceCallMeter() {
        return new NamespaceCallMeter();
    }
}
