package dev.nubo.triggers;

import dev.nubo.triggers.gateway.GatewayProperties;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The triggers service as a library: the HTTP gateway (and later the Kafka and cron dispatchers). Imported by
 * {@link TriggersApplication} and by the standalone application; needs a {@code FunctionEndpoints} bean.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = TriggersModule.class,
        excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
@EnableConfigurationProperties(GatewayProperties.class)
public class TriggersModule {
}
