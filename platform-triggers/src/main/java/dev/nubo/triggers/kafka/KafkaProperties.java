package dev.nubo.triggers.kafka;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Kafka triggers consume ({@code nubo.kafka.*}). Standalone points {@code bootstrap-servers} at its embedded
 * broker unless it is given.
 *
 * @param enabled          false: KafkaTriggers are stored but not run here
 * @param bootstrapServers {@code host:port,…} of the cluster
 * @param client           Kafka client settings for every consumer and producer of the triggers: SASL and TLS
 *                         ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config},
 *                         {@code ssl.truststore.location}, …), timeouts; the triggers' own settings (group, offsets,
 *                         serializers) win
 */
@ConfigurationProperties("nubo.kafka")
public record KafkaProperties(
        @DefaultValue("true") boolean enabled,
        String bootstrapServers,
        Map<String, String> client) {

    public KafkaProperties {
        client = client == null ? Map.of() : Map.copyOf(client);
        bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.strip();
    }
}
