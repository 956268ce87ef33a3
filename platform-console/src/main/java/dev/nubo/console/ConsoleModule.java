package dev.nubo.console;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.nubo.core.config.CoreConfiguration;
import dev.nubo.core.logs.OpenLogStreams;
import dev.nubo.core.metrics.ReplicaSamplerConfiguration;
import dev.nubo.core.user.UserAccounts;

/**
 * The web console's beans: server-rendered pages (Thymeleaf + htmx) over platform-core's use cases, behind a form
 * login with the platform's own users.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = ConsoleModule.class,
        excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
@EnableConfigurationProperties(ConsoleProperties.class)
@Import({CoreConfiguration.class, ReplicaSamplerConfiguration.class, OpenLogStreams.class, UserAccounts.class})
public class ConsoleModule {
}
