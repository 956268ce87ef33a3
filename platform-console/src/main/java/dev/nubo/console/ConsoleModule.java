package dev.nubo.console;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The web console's beans. For now a single page that says where things are. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = ConsoleModule.class,
        excludeFilters = @ComponentScan.Filter(SpringBootConfiguration.class))
public class ConsoleModule {
}
