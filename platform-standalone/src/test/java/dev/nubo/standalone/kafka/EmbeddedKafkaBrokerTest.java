package dev.nubo.standalone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker is a real Kafka: clients produce and consume, and what it stored survives a restart. */
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void recordsAndCommittedOffsetsSurviveARestartFromTheDataDirectory() throws Exception {
        EmbeddedKafkaProperties properties = new EmbeddedKafkaProperties(true, "127.0.0.1", freePort(), 0, null, 1);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(properties, dataDir)) {
            broker.start();
            assertThat(broker.logDir()).isEqualTo(dataDir.resolve("kafka").toAbsolutePath());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("orders", "k" + i, "v" + i)).get();
                }
            }
            assertThat(consume(broker.bootstrapServers(), "g1", 10)).hasSize(10);
        }

        try (EmbeddedKafkaBroker again = new EmbeddedKafkaBroker(properties, dataDir)) {
            again.start();
            try (KafkaProducer<String, String> producer = producer(again.bootstrapServers())) {
                producer.send(new ProducerRecord<>("orders", "k10", "v10")).get();
            }
            // the group's committed offsets were kept: only the new record is left for it
            assertThat(consume(again.bootstrapServers(), "g1", 1)).extracting(ConsumerRecord::value)
                    .containsExactly("v10");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", again.bootstrapServers()))) {
                assertThat(admin.describeTopics(Set.of("orders")).allTopicNames().get().get("orders").partitions())
                        .hasSize(3);
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(),
                new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consume(String bootstrap, String group, int expected) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", group, "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.commitSync();
        }
        return received;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
