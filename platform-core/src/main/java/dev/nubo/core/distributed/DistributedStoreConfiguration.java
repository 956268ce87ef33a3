package dev.nubo.core.distributed;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.store.JdbcResourceStore;

/**
 * The store as the meeting point of services running apart ({@code nubo.topology=distributed}): the route table and
 * the poller that turns other services' writes into this one's change events. Every service has these; what reads
 * the routes ({@link DistributedClientConfiguration}) or writes them (the controller) is added by each application.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "nubo.topology", havingValue = "distributed")
@EnableConfigurationProperties(DistributedProperties.class)
public class DistributedStoreConfiguration {

    @Bean
    StoreRouteTable storeRouteTable(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        return new StoreRouteTable(jdbc, transactions, clock);
    }

    @Bean
    StoreChangePoller storeChangePoller(ObjectProvider<JdbcResourceStore<?, ?, ?>> stores,
            ObjectProvider<StoreFunctionEndpoints> endpoints, ObjectProvider<StoreRuntimeCatalog> catalog,
            ObjectProvider<SecretStore> secrets, DistributedProperties properties) {
        List<Runnable> refreshers = new ArrayList<>();
        // another service's secret change: the controller rolls the replicas that use it within one interval
        secrets.ifAvailable(s -> refreshers.add(s::pollOtherWriters));
        endpoints.ifAvailable(e -> {
            refreshers.add(e::refresh);
            refreshers.add(e::reportLoad);
        });
        catalog.ifAvailable(c -> refreshers.add(c::refresh));
        return new StoreChangePoller(stores.orderedStream().toList(), refreshers, properties.pollInterval());
    }
}
