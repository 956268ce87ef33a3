package dev.nubo.triggers;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.triggers.dispatch.FunctionCaller;
import dev.nubo.triggers.dispatch.HttpFunctionCaller;
import dev.nubo.triggers.access.NamespaceCallMeter;
import dev.nubo.triggers.access.TenantCredentials;
import dev.nubo.triggers.gateway.FunctionGateway;
import dev.nubo.triggers.gateway.GatewayProperties;
import dev.nubo.triggers.http.HttpRoutes;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The triggers service as a library: the HTTP gateway, the cron scheduler (and later the Kafka dispatcher). Imported
 * by {@link TriggersApplication} and by the standalone application; needs a {@code FunctionEndpoints} bean, and for
 * the cron scheduler ({@code nubo.cron.enabled}, default true) the store beans.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = TriggersModule.class,
        excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
@EnableConfigurationProperties(GatewayProperties.class)
public class TriggersModule {

    /** How dispatchers call functions: a trigger waits the function's timeout plus the gateway's grace. */
    @Bean
    FunctionCaller functionCaller(FunctionEndpoints endpoints, GatewayProperties gateway,
            ObjectProvider<CallRecorder> calls) {
        return new HttpFunctionCaller(endpoints, gateway.timeoutGrace(), Duration.ofSeconds(60),
                calls.getIfAvailable(() -> CallRecorder.NONE));
    }

    /** The gateway; its calls are counted in the functions' metrics when the application has them. */
    @Bean
    FunctionGateway functionGateway(GatewayProperties properties, FunctionEndpoints functions, HttpRoutes routes,
            TenantCredentials credentials, NamespaceCallMeter callMeter, ObjectProvider<CallRecorder> calls) {
        return new FunctionGateway(properties, functions, routes, credentials, callMeter,
                calls.getIfAvailable(() -> CallRecorder.NONE));
    }
}
