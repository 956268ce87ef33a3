package dev.nubo.controller.distributed;

import javax.sql.DataSource;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.reconcile.LocalFunctionSupervisor;
import dev.nubo.controller.runtime.LocalRuntimeCatalog;
import dev.nubo.core.distributed.ControllerLock;
import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.core.distributed.StoreRouteTable;
import dev.nubo.core.distributed.StoreRuntimeCatalog;

/**
 * The controller's side of the distributed topology ({@code nubo.topology=distributed}, local backend): it publishes its routes and
 * runtimes to the store and serves logs and wake calls over HTTP ({@link InternalEndpoints}); it runs the functions only
 * while it holds the store's controller lock ({@link ControllerLeadership}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${nubo.topology:standalone}' == 'distributed' and '${nubo.backend:local}' == 'local'")
public class DistributedControllerConfiguration {

    /** The URL other services reach this controller at. */
    static String controllerUrl(DistributedProperties properties, Environment environment) {
        if (!properties.controllerUrl().isBlank()) {
            return properties.controllerUrl().replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + environment.getProperty("server.port", "8080");
    }

    @Bean
    StoreRoutePublisher storeRoutePublisher(StoreRouteTable table, LocalFunctionSupervisor supervisor,
            LocalRuntimeCatalog catalog, DistributedProperties properties, Environment environment) {
        String url = controllerUrl(properties, environment);
        if (properties.internalToken().isBlank()) {
            LoggerFactory.getLogger(DistributedControllerConfiguration.class).warn("nubo.distributed.internal-token is"
                    + " not set: the controller's internal endpoints (function logs, wake, load) answer anyone who"
                    + " reaches {}", url);
        }
        table.publishCatalog(url, StoreRuntimeCatalog.toJson(catalog));
        StoreRoutePublisher publisher = new StoreRoutePublisher(table, url, properties.replicaHost());
        supervisor.addRouteListener(publisher);
        return publisher;
    }

    /** One active controller per store; the others wait as standbys (docs/architecture.md, "Distributed topology"). */
    @Bean
    ControllerLeadership controllerLeadership(DataSource dataSource, PlatformTransactionManager transactions,
            StoreRouteTable table, LocalFunctionSupervisor supervisor, DistributedProperties properties,
            Environment environment, ConfigurableApplicationContext context) {
        String url = controllerUrl(properties, environment);
        return new ControllerLeadership(ControllerLock.registry(dataSource, transactions, url,
                properties.leaseDuration()), table, supervisor, url, properties.leaseDuration(), context::close);
    }

    @Bean
    InternalEndpoints internalEndpoints(LocalFunctionLogs logs, LocalFunctionSupervisor supervisor,
            DistributedProperties properties) {
        return new InternalEndpoints(logs, supervisor, properties);
    }
}
