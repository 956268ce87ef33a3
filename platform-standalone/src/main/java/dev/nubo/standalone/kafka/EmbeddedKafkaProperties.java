package dev.nubo.standalone.kafka;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka broker standalone runs in its own JVM ({@code nubo.kafka.embedded.*}).
 *
 * @param enabled        false: no broker here; Kafka triggers use {@code nubo.kafka.bootstrap-servers}
 * @param host           the address it listens on and advertises
 * @param port           the client port (9092)
 * @param controllerPort the KRaft controller's port, on the same host; 0 = any free port at each start
 * @param dataDir        its log directory; default {@code <nubo.data-dir>/kafka}
 * @param partitions     partitions of topics created on first use (by a producer or a trigger)
 */
@ConfigurationProperties("nubo.kafka.embedded")
public record EmbeddedKafkaProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("9092") int port,
        @DefaultValue("0") int controllerPort,
        Path dataDir,
        @DefaultValue("1") int partitions) {

    public EmbeddedKafkaProperties {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("nubo.kafka.embedded.port must be 1..65535, got " + port);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("nubo.kafka.embedded.partitions must be at least 1");
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }
}
