package dev.nubo.standalone.kafka;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the embedded broker on and no {@code nubo.kafka.bootstrap-servers} given, the Kafka clients (triggers) use the
 * embedded broker's address.
 */
public class KafkaBootstrapInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        boolean embedded = env.getProperty("nubo.kafka.embedded.enabled", Boolean.class, true);
        String given = env.getProperty("nubo.kafka.bootstrap-servers");
        if (!embedded || (given != null && !given.isBlank())) {
            return;
        }
        String host = env.getProperty("nubo.kafka.embedded.host", "127.0.0.1");
        String port = env.getProperty("nubo.kafka.embedded.port", "9092");
        env.getPropertySources().addLast(new MapPropertySource("nubo-embedded-kafka",
                Map.of("nubo.kafka.bootstrap-servers", host + ":" + port)));
    }
}
