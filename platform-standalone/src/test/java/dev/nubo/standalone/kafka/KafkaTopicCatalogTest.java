package dev.nubo.standalone.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nubo.core.trigger.TopicCatalog;
import dev.nubo.triggers.kafka.KafkaProperties;
import dev.nubo.triggers.kafka.KafkaTopicCatalog;

/** The console's Kafka form lists the topics of a real broker, and says why when there is none to ask. */
class KafkaTopicCatalogTest {

    @TempDir
    Path dataDir;

    @Test
    void listsTheBrokersTopicsSortedWithoutInternalOnes() throws Exception {
        EmbeddedKafkaProperties properties = new EmbeddedKafkaProperties(true, "127.0.0.1", freePort(), 0, null, 1);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(properties, dataDir);
             KafkaTopicCatalog catalog = new KafkaTopicCatalog(new KafkaProperties(true, startAndAddress(broker), null),
                     Duration.ofSeconds(10))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("payments", 1, (short) 1), new NewTopic("orders", 2, (short) 1)))
                        .all().get();
            }
            // a new topic reaches every broker's metadata a moment after the controller created it
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TopicCatalog.Topics topics = catalog.topics();
                assertThat(topics.available()).isTrue();
                assertThat(topics.names()).containsExactly("orders", "payments");
            });
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerOrNoneConfiguredIsReportedNotThrown() throws Exception {
        try (KafkaTopicCatalog catalog = new KafkaTopicCatalog(
                new KafkaProperties(true, "127.0.0.1:" + freePort(), null), Duration.ofMillis(800))) {
            TopicCatalog.Topics topics = catalog.topics();
            assertThat(topics.available()).isFalse();
            assertThat(topics.unavailableReason()).contains("did not answer");
        }
        try (KafkaTopicCatalog catalog = new KafkaTopicCatalog(new KafkaProperties(true, null, null),
                Duration.ofMillis(800))) {
            assertThat(catalog.topics().unavailableReason()).contains("no Kafka cluster is configured");
        }
    }

    private static String startAndAddress(EmbeddedKafkaBroker broker) {
        broker.start();
        return broker.bootstrapServers();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
