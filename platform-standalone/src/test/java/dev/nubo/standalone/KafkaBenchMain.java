package dev.nubo.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;

/**
 * bench/kafka: Kafka → trivial function, at least once, through a KafkaTrigger, beside a plain Kafka consumer calling
 * the same replica directly (the physical limit), in one run on one platform (embedded broker, real function
 * process). Prints a Markdown table. Args: records for the saturation runs (default 50000), seconds of the 1,000/s
 * latency runs (default 20), partitions (default 6), concurrency (default 64).
 */
public final class KafkaBenchMain {

    private static final String FUNCTION = "bench-hello";

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        Platform nubo = Platform.start(Map.of("logging.level.root", "warn"));
        try {
            String kafka = nubo.kafka();
            KafkaFixture.assertCreated(nubo.create("default", Functions.inline(FUNCTION, "nodejs20", "index.handler",
                    "module.exports = { handler: () => 'ok' };")));
            nubo.awaitReady("default", FUNCTION);
            Endpoint replica = nubo.context.getBean(FunctionEndpoints.class).route("default", FUNCTION).orElseThrow()
                    .endpoints().getFirst();

            List<String> rows = new ArrayList<>();
            // warm-up of both paths (JIT, connections), not reported
            saturationTrigger(nubo, kafka, "warm-trigger", Math.min(records, 10_000), partitions, concurrency);
            saturationPlain(kafka, replica, "warm-plain", Math.min(records, 10_000), partitions, concurrency);

            double plainRate = saturationPlain(kafka, replica, "sat-plain", records, partitions, concurrency);
            double triggerRate = saturationTrigger(nubo, kafka, "sat-trigger", records, partitions, concurrency);
            rows.add(String.format("| saturation, %,d records, %d partitions, %d in flight | %,.0f records/s | %,.0f"
                    + " records/s | %.2f |", records, partitions, concurrency, plainRate, triggerRate,
                    triggerRate / plainRate));

            long[] plainLatency = latencyPlain(kafka, replica, "lat-plain", seconds, partitions, concurrency);
            long[] triggerLatency = latencyTrigger(nubo, kafka, "lat-trigger", seconds, partitions, concurrency);
            rows.add(String.format("| 1,000 records/s for %d s: p50 / p99 / max | %s | %s | |", seconds,
                    percentiles(plainLatency), percentiles(triggerLatency)));

            System.out.println();
            System.out.println("| run | plain consumer → replica | KafkaTrigger (at least once) | trigger / plain |");
            System.out.println("|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.printf("load average after the run: %s%n", java.nio.file.Files.readString(
                    java.nio.file.Path.of("/proc/loadavg")).strip());
        } finally {
            nubo.context.close();
        }
    }

    // ---- the trigger ---------------------------------------------------------------------------------------------

    private static double saturationTrigger(Platform nubo, String kafka, String topic, int records, int partitions,
            int concurrency) throws Exception {
        KafkaFixture.createTopic(kafka, topic, partitions);
        produceAll(kafka, topic, records);
        String group = "bench-" + topic;
        long start = System.nanoTime();
        KafkaFixture.assertCreated(nubo.apiCall("POST", "/api/v1/namespaces/default/kafkatriggers",
                "application/json", KafkaFixture.triggerJson(topic, "{\"function\": \"" + FUNCTION + "\", \"topics\":"
                        + " [\"" + topic + "\"], \"ordering\": \"none\", \"maxConcurrency\": " + concurrency
                        + ", \"startFrom\": \"earliest\", \"consumerGroup\": \"" + group + "\"}")));
        long firstCommit = 0;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            while (true) {
                long done = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()
                        .stream().mapToLong(OffsetAndMetadata::offset).sum();
                if (done > 0 && firstCommit == 0) {
                    firstCommit = System.nanoTime();
                }
                if (done >= records) {
                    break;
                }
                Thread.sleep(20);
            }
        }
        long end = System.nanoTime();
        System.err.printf("trigger %s: %.1f s from creation (group join %.1f s)%n", topic, (end - start) / 1e9,
                (firstCommit - start) / 1e9);
        nubo.apiCall("DELETE", "/api/v1/namespaces/default/kafkatriggers/" + topic, null, null);
        return records / ((end - firstCommit) / 1e9);
    }

    private static long[] latencyTrigger(Platform nubo, String kafka, String topic, int seconds, int partitions,
            int concurrency) throws Exception {
        KafkaFixture.createTopic(kafka, topic, partitions);
        KafkaFixture.createTopic(kafka, topic + "-replies", partitions);
        KafkaFixture.assertCreated(nubo.apiCall("POST", "/api/v1/namespaces/default/kafkatriggers",
                "application/json", KafkaFixture.triggerJson(topic, "{\"function\": \"" + FUNCTION + "\", \"topics\":"
                        + " [\"" + topic + "\"], \"ordering\": \"none\", \"maxConcurrency\": " + concurrency
                        + ", \"replyTopic\": \"" + topic + "-replies\"}")));
        awaitActive(nubo, topic);
        // latency = the reply record's timestamp (written when the function's answer came back) − the record's
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<String, String> replies = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka,
                "group.id", "bench-replies-" + topic, "auto.offset.reset", "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            replies.subscribe(List.of(topic + "-replies"));
            Map<String, Long> sent = new java.util.concurrent.ConcurrentHashMap<>();
            int expected = seconds * 1000;
            Thread producer = Thread.ofPlatform().start(() -> paced(kafka, topic, expected, sent));
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 60).toNanos();
            while (latencies.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> reply : replies.poll(Duration.ofMillis(100))) {
                    String id = new String(reply.headers().lastHeader("event-id").value());
                    String n = id.substring(id.lastIndexOf('-') + 1) + "@" + id.substring(0, id.lastIndexOf('-'));
                    Long at = sent.get(n);
                    if (at != null) {
                        latencies.add(reply.timestamp() - at);
                    }
                }
            }
            producer.join();
        }
        nubo.apiCall("DELETE", "/api/v1/namespaces/default/kafkatriggers/" + topic, null, null);
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    // ---- the plain consumer --------------------------------------------------------------------------------------

    /** Poll, call each record's function directly (up to {@code concurrency} at once), commit: the physical limit. */
    private static double saturationPlain(String kafka, Endpoint replica, String topic, int records, int partitions,
            int concurrency) throws Exception {
        KafkaFixture.createTopic(kafka, topic, partitions);
        produceAll(kafka, topic, records);
        AtomicLong done = new AtomicLong();
        long[] first = new long[1];
        plainConsumer(kafka, replica, topic, concurrency, () -> done.get() >= records, (record, latency) -> {
            if (done.incrementAndGet() == 1) {
                first[0] = System.nanoTime();
            }
        });
        return records / ((System.nanoTime() - first[0]) / 1e9);
    }

    private static long[] latencyPlain(String kafka, Endpoint replica, String topic, int seconds, int partitions,
            int concurrency) throws Exception {
        KafkaFixture.createTopic(kafka, topic, partitions);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        int expected = seconds * 1000;
        AtomicBoolean joined = new AtomicBoolean();
        Thread producer = Thread.ofPlatform().start(() -> {
            while (!joined.get()) {
                Thread.onSpinWait();
            }
            paced(kafka, topic, expected, new java.util.concurrent.ConcurrentHashMap<>());
        });
        plainConsumer(kafka, replica, topic, concurrency, () -> {
            joined.set(true);
            return latencies.size() >= expected;
        }, (record, latency) -> latencies.add(latency));
        producer.join();
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    interface Delivered {
        void accept(ConsumerRecord<String, String> record, long latencyMillis);
    }

    private static void plainConsumer(String kafka, Endpoint replica, String topic, int concurrency,
            java.util.function.BooleanSupplier finished, Delivered delivered) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://" + replica + "/");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka,
                "group.id", "plain-" + topic, "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "max.poll.records", concurrency), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!finished.getAsBoolean()) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(100));
                List<CompletableFuture<?>> calls = new ArrayList<>();
                for (ConsumerRecord<String, String> record : batch) {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .header("event-id", record.topic() + "-" + record.partition() + "-" + record.offset())
                            .POST(HttpRequest.BodyPublishers.ofString(record.value())).build();
                    calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r ->
                            delivered.accept(record, System.currentTimeMillis() - record.timestamp())));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
                Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
                for (TopicPartition tp : batch.partitions()) {
                    List<ConsumerRecord<String, String>> of = batch.records(tp);
                    offsets.put(tp, new OffsetAndMetadata(of.getLast().offset() + 1));
                }
                if (!offsets.isEmpty()) {
                    consumer.commitSync(offsets);
                }
            }
        }
    }

    // ---- producing -----------------------------------------------------------------------------------------------

    private static void produceAll(String kafka, String topic, int records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka,
                "acks", "all", "linger.ms", 10, "batch.size", 262_144), new StringSerializer(),
                new StringSerializer())) {
            for (int n = 0; n < records; n++) {
                producer.send(new ProducerRecord<>(topic, "k" + n, "{\"n\": " + n + "}"));
            }
            producer.flush();
        }
    }

    /** 1,000 records/s, each stamped with its send time; {@code sent}: offset@topic-partition → send time. */
    private static void paced(String kafka, String topic, int records, Map<String, Long> sent) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka,
                "acks", "all", "linger.ms", 0), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (int n = 0; n < records; n++) {
                long due = start + n * 1_000_000L;
                while (System.nanoTime() < due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                }
                long now = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(topic, null, now, "k" + n, "{\"n\": " + n + "}"),
                        (metadata, failure) -> {
                            if (metadata != null) {
                                sent.put(metadata.offset() + "@" + metadata.topic() + "-" + metadata.partition(), now);
                            }
                        });
            }
            producer.flush();
        }
    }

    private static void awaitActive(Platform nubo, String trigger) throws InterruptedException {
        while (!nubo.apiCall("GET", "/api/v1/namespaces/default/kafkatriggers/" + trigger, null, null).body()
                .contains("\"Active\"")) {
            Thread.sleep(100);
        }
    }

    private static String percentiles(long[] sorted) {
        if (sorted.length == 0) {
            return "no data";
        }
        return String.format("%d / %d / %d ms (%,d records)", sorted[sorted.length / 2],
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)],
                sorted[sorted.length - 1], sorted.length);
    }
}
