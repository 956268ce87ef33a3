package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.JsonNode;

/** Kafka clients against a platform's embedded broker, and what a recording function printed. */
final class KafkaFixture {

    /**
     * Prints one {@code got {…}} line per call (with the attempt number it counts per event id), then sleeps, fails
     * or answers as the record's data asks: {@code sleep} seconds, {@code poison} always fails, {@code failTimes}
     * first attempts fail.
     */
    static final String RECORDER = """
            import json, sys, time
            attempts = {}
            def say(line):
                sys.stdout.write(line + "\\n")  # one write: lines of concurrent calls never interleave
                sys.stdout.flush()
            def handler(event, context):
                d = event["data"]
                h = {k.lower(): v for k, v in event["extensions"]["request"].headers.items()}
                eid = event["event-id"]
                attempts[eid] = attempts.get(eid, 0) + 1
                say("got " + json.dumps({"id": eid, "key": h.get("event-key"), "n": d.get("n"),
                    "attempt": attempts[eid], "time": event["event-time"], "type": event["event-type"],
                    "ce": h.get("ce-type"), "source": h.get("ce-source"), "topic": h.get("event-topic"),
                    "trace": h.get("event-header-trace")}))
                if d.get("sleep"):
                    time.sleep(d["sleep"])
                    say("done " + json.dumps({"id": eid, "key": h.get("event-key"), "n": d.get("n")}))
                if d.get("poison"):
                    raise ValueError("poison record " + str(d.get("n")))
                if attempts[eid] <= d.get("failTimes", 0):
                    raise RuntimeError("transient failure")
                return {"n": d.get("n")}
            """;

    private KafkaFixture() {
    }

    static void createTopic(String bootstrap, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 0),
                new StringSerializer(), new StringSerializer());
    }

    /** Everything in the topic right now, from the start. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The {@code got} (or {@code done}) lines a function printed, oldest first, from its log file. */
    static List<JsonNode> printed(Path dataDir, String function, String prefix) {
        Path log = dataDir.resolve("logs").resolve("default").resolve(function + ".log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix + " {"))
                    .map(l -> Http.JSON.readTree(l.substring(prefix.length() + 1))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String triggerJson(String name, String spec) {
        return "{\"apiVersion\": \"nubo.dev/v1\", \"kind\": \"KafkaTrigger\", \"metadata\": {\"name\": \"" + name
                + "\"}, \"spec\": " + spec + "}";
    }

    static void assertCreated(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }
}
