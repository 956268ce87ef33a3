package dev.nubo.standalone.kafka;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded broker while the context is created, before any Kafka trigger consumer starts (those start
 * with the lifecycle, after every bean exists); {@link KafkaBootstrapInitializer} pointed the clients at it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "nubo.kafka.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(EmbeddedKafkaProperties.class)
public class EmbeddedKafkaConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    EmbeddedKafkaBroker embeddedKafkaBroker(EmbeddedKafkaProperties properties, Environment env) {
        return new EmbeddedKafkaBroker(properties, Path.of(env.getProperty("nubo.data-dir", "./data")));
    }
}
