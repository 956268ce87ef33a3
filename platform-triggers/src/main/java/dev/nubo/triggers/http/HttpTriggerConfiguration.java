package dev.nubo.triggers.http;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.triggers.gateway.GatewayProperties;

/** The gateway's HttpTrigger routes: kept from the store when there is one, none otherwise. */
@Configuration(proxyBeanMethods = false)
public class HttpTriggerConfiguration {

    @Bean
    HttpRoutes httpRoutes(ObjectProvider<HttpTriggerStore> triggers, ObjectProvider<FunctionStore> functions,
            ObjectProvider<Clock> clock, GatewayProperties gateway) {
        HttpTriggerStore triggerStore = triggers.getIfAvailable();
        FunctionStore functionStore = functions.getIfAvailable();
        if (triggerStore == null || functionStore == null) {
            return HttpRoutes.none();
        }
        return new HttpTriggerRouter(triggerStore, functionStore, clock.getIfAvailable(Clock::systemUTC),
                gateway.triggerResyncInterval(), gateway.triggerStatusInterval(), gateway.passwordCheckThreads());
    }
}
