package dev.nubo.standalone;

import static dev.nubo.standalone.KafkaFixture.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.nio.file.Path;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * KafkaTriggers of the running platform against its embedded broker, calling real Python functions: what a user
 * sees in the function's log, the dead-letter and reply topics, and the trigger's status.
 */
class KafkaTriggerE2ETest {

    private final Platform nubo = Platform.shared();

    @Test
    void recordsBecomeEventsInOrderPerPartitionFailedAttemptsAreRetriedAndAnswersAreReplied() throws Exception {
        KafkaFixture.createTopic(nubo.kafka(), "k-orders", 2);
        function("k-recorder");
        trigger("k-orders-trigger", """
                {"function": "k-recorder", "topics": ["k-orders"], "startFrom": "earliest", "maxRetries": 3,
                 "retryBackoff": {"initialMillis": 50}, "replyTopic": "k-orders-replies"}""");
        awaitActive("k-orders-trigger");

        try (KafkaProducer<String, String> producer = KafkaFixture.producer(nubo.kafka())) {
            for (int n = 0; n < 40; n++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("k-orders", "customer-" + (n % 4),
                        "{\"n\": " + n + ", \"failTimes\": " + (n == 5 ? 2 : 0) + "}");
                record.headers().add("trace", ("t" + n).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(succeeded("k-recorder"))
                .containsExactlyInAnyOrderElementsOf(range(40)));
        List<JsonNode> calls = printed(nubo.dataDir, "k-recorder", "got");
        assertThat(calls.stream().filter(c -> c.path("n").asInt() == 5).map(c -> c.path("attempt").asInt()))
                .as("record 5 failed twice, then succeeded").containsExactly(1, 2, 3);
        // per partition, the records were called in offset order, each retry before the next record
        Map<String, List<Integer>> byPartition = new HashMap<>();
        for (JsonNode call : calls) {
            String id = call.path("id").asString();
            byPartition.computeIfAbsent(id.substring(0, id.lastIndexOf('-')), p -> new ArrayList<>())
                    .add(call.path("n").asInt());
        }
        assertThat(byPartition).hasSize(2);
        byPartition.values().forEach(ns -> assertThat(ns.stream().distinct().toList()).isSorted()
                .hasSize((int) ns.stream().distinct().count()));
        JsonNode first = calls.getFirst();
        assertThat(first.path("id").asString()).matches("k-orders-[01]-\\d+");
        assertThat(first.path("type").asString()).isEqualTo("application/json");
        assertThat(first.path("ce").asString()).isEqualTo("dev.nubo.kafka.record");
        assertThat(first.path("source").asString()).isEqualTo("kafka.nubo.dev");
        assertThat(first.path("topic").asString()).isEqualTo("k-orders");
        assertThat(first.path("key").asString()).isEqualTo("customer-" + first.path("n").asInt() % 4);
        assertThat(first.path("trace").asString()).isEqualTo("t" + first.path("n").asInt());
        assertThat(Instant.parse(first.path("time").asString())).isBefore(Instant.now());

        List<ConsumerRecord<String, String>> replies = KafkaFixture.readAll(nubo.kafka(), "k-orders-replies");
        assertThat(replies).hasSize(40);
        assertThat(replies.stream().map(r -> Http.JSON.readTree(r.value()).path("n").asInt()))
                .containsExactlyInAnyOrderElementsOf(range(40));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode status = triggerStatus("k-orders-trigger");
            assertThat(status.path("lastFire").path("status").asInt()).isEqualTo(200);
            assertThat(status.path("lastError").path("result").asString()).contains("500");
            assertThat(status.path("counts").path("calls").asLong()).isEqualTo(42);
            assertThat(status.path("counts").path("failures").asLong()).isEqualTo(2);
            assertThat(status.path("functions").path(0).asString()).isEqualTo("k-recorder");
            JsonNode partitions = status.path("partitions");
            assertThat(partitions.size()).isEqualTo(2);
            long total = 0;
            for (JsonNode p : partitions) {
                assertThat(p.path("lag").asLong()).as(p.toString()).isZero();
                total += p.path("endOffset").asLong();
            }
            assertThat(total).isEqualTo(40);
        });
    }

    @Test
    void keyOrderingRunsTheKeysOfOnePartitionSideBySideAndEachKeyInOrder() throws Exception {
        KafkaFixture.createTopic(nubo.kafka(), "k-keyed", 1);
        function("k-keyed-recorder");
        trigger("k-keyed-trigger", """
                {"function": "k-keyed-recorder", "topics": ["k-keyed"], "ordering": "key", "maxConcurrency": 8}""");
        awaitActive("k-keyed-trigger");

        try (KafkaProducer<String, String> producer = KafkaFixture.producer(nubo.kafka())) {
            for (int n = 0; n < 24; n++) {
                producer.send(new ProducerRecord<>("k-keyed", "key-" + (n % 4), "{\"n\": " + n + ", \"sleep\": 0.2}"));
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> printed(nubo.dataDir, "k-keyed-recorder", "done").size()
                >= 24);
        List<JsonNode> starts = printed(nubo.dataDir, "k-keyed-recorder", "got");
        Map<String, List<Integer>> byKey = starts.stream().collect(Collectors.groupingBy(
                c -> c.path("key").asString(), LinkedHashMap::new,
                Collectors.mapping(c -> c.path("n").asInt(), Collectors.toList())));
        assertThat(byKey).hasSize(4);
        byKey.values().forEach(ns -> assertThat(ns).hasSize(6).isSorted());
        // calls of different keys overlapped: at some point, more than one was running
        assertThat(maxRunning("k-keyed-recorder")).isGreaterThan(1).isLessThanOrEqualTo(4);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithWhyAndWhereFromAndThePartitionMovesOn() throws Exception {
        KafkaFixture.createTopic(nubo.kafka(), "k-payments", 1);
        function("k-poisoned");
        trigger("k-payments-trigger", """
                {"function": "k-poisoned", "topics": ["k-payments"], "maxRetries": 2,
                 "retryBackoff": {"initialMillis": 50, "multiplier": 2.0}}""");
        awaitActive("k-payments-trigger");

        try (KafkaProducer<String, String> producer = KafkaFixture.producer(nubo.kafka())) {
            for (int n = 0; n < 5; n++) {
                producer.send(new ProducerRecord<>("k-payments", "p", "{\"n\": " + n + ", \"poison\": " + (n == 2)
                        + "}")).get();
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(succeeded("k-poisoned"))
                .containsExactlyInAnyOrder(0, 1, 3, 4));
        assertThat(printed(nubo.dataDir, "k-poisoned", "got").stream().filter(c -> c.path("n").asInt() == 2))
                .as("the first attempt and two retries").hasSize(3);
        List<ConsumerRecord<String, String>> dead = KafkaFixture.readAll(nubo.kafka(), "k-payments.dlq");
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("p");
            assertThat(Http.JSON.readTree(record.value()).path("n").asInt()).isEqualTo(2);
            assertThat(header(record, "nubo-error")).contains("500").contains("poison record 2");
            assertThat(header(record, "nubo-status-code")).isEqualTo("500");
            assertThat(header(record, "nubo-attempts")).isEqualTo("3");
            assertThat(header(record, "nubo-original-topic")).isEqualTo("k-payments");
            assertThat(header(record, "nubo-original-partition")).isEqualTo("0");
            assertThat(header(record, "nubo-original-offset")).isEqualTo("2");
            assertThat(header(record, "event-id")).isEqualTo("k-payments-0-2");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = triggerStatus("k-payments-trigger");
            assertThat(status.path("counts").path("deadLettered").asLong()).isEqualTo(1);
            assertThat(status.path("lastError").path("result").asString()).startsWith("dead-lettered after 3");
            assertThat(status.path("partitions").path(0).path("lag").asLong()).isZero();
        });
    }

    @Test
    void aSecondConsumerInTheGroupTakesOverPartitionsWithoutLosingARecord() throws Exception {
        KafkaFixture.createTopic(nubo.kafka(), "k-shared", 4);
        function("k-shared-recorder");
        String spec = """
                {"function": "k-shared-recorder", "topics": ["k-shared"], "consumerGroup": "k-shared-group",
                 "ordering": "none", "startFrom": "earliest"}""";
        trigger("k-shared-a", spec);
        awaitActive("k-shared-a");

        try (KafkaProducer<String, String> producer = KafkaFixture.producer(nubo.kafka())) {
            for (int n = 0; n < 300; n++) {
                producer.send(new ProducerRecord<>("k-shared", "k" + n, "{\"n\": " + n + "}"));
                if (n == 60) {
                    trigger("k-shared-b", spec); // joins the group: partitions move while records flow
                }
                if (n == 180) {
                    assertThat(nubo.apiCall("DELETE", "/api/v1/namespaces/default/kafkatriggers/k-shared-a", null,
                            null).status()).isEqualTo(200); // leaves: its partitions move to b
                }
                if (n % 20 == 0) {
                    producer.flush();
                    Thread.onSpinWait();
                }
            }
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(succeeded("k-shared-recorder"))
                .containsAll(range(300)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode status = triggerStatus("k-shared-b");
            assertThat(status.path("partitions").size()).isEqualTo(4);
        });
    }

    @Test
    void aTriggerWhoseFunctionsDoNotExistYetWaitsThenEveryMatchingFunctionGetsEveryRecord() throws Exception {
        KafkaFixture.createTopic(nubo.kafka(), "k-fanout", 1);
        trigger("k-fanout-trigger", """
                {"functionSelector": {"matchLabels": {"team": "k-fanout"}}, "topics": ["k-fanout"],
                 "startFrom": "earliest"}""");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ready = triggerStatus("k-fanout-trigger").path("conditions").path(0);
            assertThat(ready.path("reason").asString()).isEqualTo("FunctionNotFound");
            assertThat(ready.path("message").asString()).contains("records wait");
        });
        try (KafkaProducer<String, String> producer = KafkaFixture.producer(nubo.kafka())) {
            for (int n = 0; n < 10; n++) {
                producer.send(new ProducerRecord<>("k-fanout", "f", "{\"n\": " + n + "}")).get();
            }
        }

        labelledFunction("k-fan-a");
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(succeeded("k-fan-a"))
                .as("the records that waited for a function").containsExactlyInAnyOrderElementsOf(range(10)));

        labelledFunction("k-fan-b");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(triggerStatus("k-fanout-trigger")
                .path("functions").toString()).contains("k-fan-a").contains("k-fan-b"));
        try (KafkaProducer<String, String> producer = KafkaFixture.producer(nubo.kafka())) {
            for (int n = 10; n < 20; n++) {
                producer.send(new ProducerRecord<>("k-fanout", "f", "{\"n\": " + n + "}")).get();
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(succeeded("k-fan-a")).containsExactlyInAnyOrderElementsOf(range(20));
            assertThat(succeeded("k-fan-b")).as("every record since it matched").containsAll(
                    java.util.stream.IntStream.range(10, 20).boxed().toList());
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private void function(String name) {
        KafkaFixture.assertCreated(nubo.create("default", Functions.python(name, KafkaFixture.RECORDER)));
        nubo.awaitReady("default", name);
    }

    private void trigger(String name, String spec) {
        KafkaFixture.assertCreated(nubo.apiCall("POST", "/api/v1/namespaces/default/kafkatriggers",
                "application/json", KafkaFixture.triggerJson(name, spec)));
    }

    private void labelledFunction(String name) {
        String labelled = Functions.python(name, KafkaFixture.RECORDER).replace("\"name\":\"" + name + "\"",
                "\"name\":\"" + name + "\",\"labels\":{\"team\":\"k-fanout\"}");
        assertThat(labelled).contains("k-fanout");
        KafkaFixture.assertCreated(nubo.create("default", labelled));
        nubo.awaitReady("default", name);
    }

    private JsonNode triggerStatus(String name) {
        Http.Response response = nubo.apiCall("GET", "/api/v1/namespaces/default/kafkatriggers/" + name, null, null);
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("status");
    }

    private void awaitActive(String name) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ready = triggerStatus(name).path("conditions").path(0);
            assertThat(ready.path("reason").asString()).as(ready.toString()).isEqualTo("Active");
            assertThat(ready.path("status").asString()).isEqualTo("True");
        });
    }

    /** The records the function answered 2xx for (by their {@code n}). */
    private Set<Integer> succeeded(String function) {
        return printed(nubo.dataDir, function, "got").stream()
                .filter(c -> c.path("attempt").asInt() > failTimes(c))
                .map(c -> c.path("n").asInt()).collect(Collectors.toSet());
    }

    private static int failTimes(JsonNode call) {
        // records 5 of the ordering test fail twice; poison records never succeed
        return call.path("id").asString().startsWith("k-orders-") && call.path("n").asInt() == 5 ? 2
                : call.path("id").asString().startsWith("k-payments-") && call.path("n").asInt() == 2
                        ? Integer.MAX_VALUE : 0;
    }

    private int maxRunning(String function) {
        Path log = nubo.dataDir.resolve("logs/default/" + function + ".log");
        int running = 0;
        int max = 0;
        try {
            for (String line : java.nio.file.Files.readAllLines(log)) {
                if (line.startsWith("got {")) {
                    max = Math.max(max, ++running);
                } else if (line.startsWith("done {")) {
                    running--;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return max;
    }

    private static List<Integer> range(int count) {
        return java.util.stream.IntStream.range(0, count).boxed().toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
