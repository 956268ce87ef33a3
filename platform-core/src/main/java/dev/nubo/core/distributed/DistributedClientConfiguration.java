package dev.nubo.core.distributed;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.nubo.core.store.FunctionStore;

/**
 * The contracts a service that runs no function needs, backed by what the controller published in the store:
 * {@code FunctionEndpoints} (gateway, invoke, dispatchers), {@code RuntimeCatalog} (validation) and
 * {@code FunctionLogs} (read from the controller over HTTP). Imported by the API, triggers and console applications;
 * the standalone application keeps the controller's in-memory ones. Local backend only: with
 * {@code nubo.backend=kubernetes} endpoints and logs come from the cluster.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${nubo.topology:standalone}' == 'distributed' and '${nubo.backend:local}' == 'local'")
@Import(DistributedStoreConfiguration.class)
public class DistributedClientConfiguration {

    @Bean
    StoreFunctionEndpoints storeFunctionEndpoints(StoreRouteTable table, DistributedProperties properties,
            FunctionStore functions) {
        return new StoreFunctionEndpoints(table, properties, functions);
    }

    @Bean
    StoreRuntimeCatalog storeRuntimeCatalog(StoreRouteTable table) {
        return new StoreRuntimeCatalog(table);
    }

    @Bean
    RemoteFunctionLogs remoteFunctionLogs(StoreFunctionEndpoints endpoints, DistributedProperties properties) {
        return new RemoteFunctionLogs(endpoints, properties);
    }
}
