package dev.nubo.api;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.nubo.core.config.CoreConfiguration;
import dev.nubo.core.logs.OpenLogStreams;
import dev.nubo.core.metrics.ReplicaSamplerConfiguration;
import dev.nubo.core.user.UserAccounts;

/** The REST API's beans, for the standalone application or {@link ApiApplication}. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = ApiModule.class,
        excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
@EnableConfigurationProperties(ApiProperties.class)
@Import({CoreConfiguration.class, ReplicaSamplerConfiguration.class, OpenLogStreams.class, UserAccounts.class})
public class ApiModule {
}
