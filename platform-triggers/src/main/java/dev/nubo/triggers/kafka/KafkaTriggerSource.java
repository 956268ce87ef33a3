package dev.nubo.triggers.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.core.trigger.DeliveryGuarantee;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus.PartitionLag;
import dev.nubo.triggers.dispatch.CallResult;
import dev.nubo.triggers.source.SourceListener;
import dev.nubo.triggers.source.SourceRecord;
import dev.nubo.triggers.source.TriggerSource;

/**
 * One KafkaTrigger's consumer: a plain {@link KafkaConsumer} in the trigger's consumer group on a thread of its own,
 * with auto-commit off. Acknowledgements from the dispatcher's threads are queued and applied by the consumer's
 * thread, which commits per partition the lowest offset still in flight ({@link OffsetTracker}); partitions pause
 * while the dispatcher holds {@code maxPending} records. On a rebalance the revoked partitions' finished offsets are
 * committed before they go. atMostOnce commits each batch before handing it out.
 */
final class KafkaTriggerSource implements TriggerSource {

    private static final Logger log = LoggerFactory.getLogger(KafkaTriggerSource.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(2);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    static final String H_ERROR = "nubo-error";
    static final String H_STATUS = "nubo-status-code";
    static final String H_ATTEMPTS = "nubo-attempts";
    static final String H_FUNCTION = "nubo-function";
    static final String H_TOPIC = "nubo-original-topic";
    static final String H_PARTITION = "nubo-original-partition";
    static final String H_OFFSET = "nubo-original-offset";
    static final String H_EVENT_ID = "event-id";

    private final KafkaTrigger trigger;
    private final KafkaTriggerSpec spec;
    private final Map<String, Object> consumerConfig;
    private final Supplier<Producer<byte[], byte[]>> producer;
    private final int maxPending;
    private final ConcurrentLinkedQueue<SourceRecord> acks = new ConcurrentLinkedQueue<>();
    private volatile List<PartitionLag> lag = List.of();
    private volatile boolean closing;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    // consumer thread only
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private SourceListener listener;
    private long nextLagRefresh;
    private boolean reachable;

    KafkaTriggerSource(KafkaTrigger trigger, KafkaProperties properties, Supplier<Producer<byte[], byte[]>> producer,
            int maxPending) {
        this.trigger = trigger;
        this.spec = trigger.spec().withDefaults(trigger.namespace(), trigger.name());
        this.producer = producer;
        this.maxPending = maxPending;
        Map<String, Object> config = new HashMap<>(properties.client());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, spec.consumerGroup());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, spec.consumerGroup() + "-" + UUID.randomUUID().toString()
                .substring(0, 8));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, spec.startFrom().name());
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(500, maxPending)));
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        // a consumer that died without leaving (kill -9, a lost machine) holds its partitions until its session
        // expires: 10 s instead of Kafka's 45 s before another instance, or the restarted one, takes them over
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        this.consumerConfig = config;
    }

    @Override
    public void start(SourceListener sourceListener) {
        this.listener = sourceListener;
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = Thread.ofPlatform().name("kafka-" + trigger.namespace() + "-" + trigger.name()).start(this::run);
    }

    @Override
    public void ack(SourceRecord record) {
        acks.add(record);
    }

    @Override
    public void nack(SourceRecord record, int attempt) {
        // the record stays in flight in its tracker: nothing to tell Kafka
    }

    @Override
    public CompletableFuture<Void> deadLetter(SourceRecord record, DeadLetter why) {
        ConsumerRecord<byte[], byte[]> original = original(record);
        String topic = spec.deadLetterTopic().replace("{topic}", original.topic());
        if (topic.isEmpty()) {
            log.warn("KafkaTrigger {}/{} drops {} after {} attempt(s) (no dead-letter topic): {}",
                    trigger.namespace(), trigger.name(), record.eventId(), why.attempts(), why.error());
            return CompletableFuture.completedFuture(null);
        }
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        header(headers, H_ERROR, why.error());
        header(headers, H_STATUS, Integer.toString(why.statusCode()));
        header(headers, H_ATTEMPTS, Integer.toString(why.attempts()));
        header(headers, H_FUNCTION, why.function());
        header(headers, H_TOPIC, original.topic());
        header(headers, H_PARTITION, Integer.toString(original.partition()));
        header(headers, H_OFFSET, Long.toString(original.offset()));
        header(headers, H_EVENT_ID, record.eventId());
        return send(new ProducerRecord<>(topic, null, original.timestamp(), original.key(), original.value(), headers));
    }

    @Override
    public CompletableFuture<Void> reply(SourceRecord record, String function, CallResult answer) {
        if (spec.replyTopic() == null || spec.replyTopic().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        RecordHeaders headers = new RecordHeaders();
        header(headers, H_EVENT_ID, record.eventId());
        header(headers, H_FUNCTION, function);
        header(headers, H_STATUS, Integer.toString(answer.status()));
        List<String> type = answer.headers().get("content-type");
        if (type != null && !type.isEmpty()) {
            header(headers, "content-type", type.getFirst());
        }
        return send(new ProducerRecord<>(spec.replyTopic(), null, original(record).key(), answer.body(), headers));
    }

    @Override
    public List<PartitionLag> lag() {
        return lag;
    }

    @Override
    public void close() {
        closing = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            try {
                c.wakeup();
            } catch (RuntimeException alreadyClosed) {
                // a failed consumer between restarts: the loop sees closing
            }
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the consumer's thread -------------------------------------------------------------------------------------

    /** Consumes until closed; a consumer that fails (authorization, a broken broker) is replaced after a pause. */
    private void run() {
        while (!closing) {
            consume(consumer);
            if (closing) {
                return;
            }
            // in-flight records of the failed consumer come again through the new one: drop what is queued
            listener.onPartitionsLost(trackers.keySet().stream().map(TopicPartition::toString).toList());
            trackers.clear();
            committed.clear();
            paused.clear();
            joined = false;
            reachable = false;
            lastAssigned = -1;
            long until = System.nanoTime() + RESTART_DELAY.toNanos();
            while (!closing && System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
            }
            if (!closing) {
                consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
            }
        }
    }

    private void consume(KafkaConsumer<byte[], byte[]> c) {
        try {
            c.subscribe(spec.topics(), new Rebalance(c));
            while (!closing) {
                applyAcks();
                commit(c, false);
                backPressure(c);
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(POLL);
                } catch (WakeupException stop) {
                    break;
                }
                if (!records.isEmpty()) {
                    handOut(c, records);
                }
                refreshLag(c);
            }
        } catch (WakeupException stop) {
            // closing
        } catch (RuntimeException e) {
            log.error("KafkaTrigger {}/{}: the consumer failed; a new one starts in {} s", trigger.namespace(),
                    trigger.name(), RESTART_DELAY.toSeconds(), e);
            listener.onSourceState(false, "the consumer failed (a new one starts in " + RESTART_DELAY.toSeconds()
                    + " s): " + e.getMessage());
        } finally {
            try {
                applyAcks();
                commit(c, true);
            } catch (RuntimeException e) {
                log.warn("KafkaTrigger {}/{}: final commit failed: {}", trigger.namespace(), trigger.name(),
                        e.getMessage());
            }
            c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void handOut(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
        List<SourceRecord> out = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            OffsetTracker tracker = trackers.get(tp);
            if (tracker == null) {
                continue; // revoked while fetched
            }
            if (spec.delivery() == DeliveryGuarantee.atMostOnce) {
                tracker.received(r.offset());
                tracker.done(r.offset());
            } else {
                tracker.received(r.offset());
            }
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            out.add(new SourceRecord(tp.toString(), key, r.offset(), KafkaRecordEvents.of(r), r));
        }
        if (spec.delivery() == DeliveryGuarantee.atMostOnce) {
            commit(c, true); // at most once: stored as consumed before any call
        }
        listener.onRecords(out);
    }

    private void applyAcks() {
        SourceRecord record;
        while ((record = acks.poll()) != null) {
            ConsumerRecord<byte[], byte[]> r = original(record);
            OffsetTracker tracker = trackers.get(new TopicPartition(r.topic(), r.partition()));
            if (tracker != null) {
                tracker.done(r.offset());
            }
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> c, boolean sync) {
        commit(c, trackers.keySet(), sync);
    }

    private void commit(KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> partitions, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetTracker tracker = trackers.get(tp);
            if (tracker == null) {
                continue;
            }
            long offset = tracker.committable();
            Long last = committed.get(tp);
            if (last == null || offset > last) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            c.commitSync(offsets);
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        } else {
            c.commitAsync(offsets, (done, failure) -> {
                if (failure == null) {
                    done.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
                } else {
                    log.debug("KafkaTrigger {}/{}: commit failed, retried at the next round: {}",
                            trigger.namespace(), trigger.name(), failure.getMessage());
                }
            });
            // what is being committed counts as committed for the next round's comparison only when it succeeds
        }
    }

    private void backPressure(KafkaConsumer<byte[], byte[]> c) {
        boolean full = listener.pendingRecords() >= maxPending;
        if (full && paused.isEmpty() && !trackers.isEmpty()) {
            c.pause(trackers.keySet());
            paused.addAll(trackers.keySet());
        } else if (!full && !paused.isEmpty()) {
            paused.retainAll(c.assignment());
            c.resume(paused);
            paused.clear();
        }
    }

    private void refreshLag(KafkaConsumer<byte[], byte[]> c) {
        long now = System.nanoTime();
        if (now < nextLagRefresh) {
            return;
        }
        nextLagRefresh = now + LAG_REFRESH.toNanos();
        Set<TopicPartition> assigned = c.assignment();
        try {
            Map<TopicPartition, Long> ends = assigned.isEmpty() ? Map.of()
                    : c.endOffsets(assigned, Duration.ofSeconds(2));
            List<PartitionLag> lags = new ArrayList<>();
            ends.entrySet().stream().sorted(Map.Entry.comparingByKey(
                    java.util.Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition)))
                    .forEach(e -> {
                        OffsetTracker tracker = trackers.get(e.getKey());
                        Long done = committed.getOrDefault(e.getKey(), tracker == null ? null : tracker.committable());
                        lags.add(new PartitionLag(e.getKey().topic(), e.getKey().partition(), done, e.getValue(),
                                done == null ? null : Math.max(0, e.getValue() - done)));
                    });
            lag = List.copyOf(lags);
            if (!joined) {
                return; // reachable, but not yet in the group: a record produced now could be skipped (latest)
            }
            if (!reachable || assigned.size() != lastAssigned) {
                reachable = true;
                lastAssigned = assigned.size();
                listener.onSourceState(true, "consuming " + String.join(", ", spec.topics()) + " as "
                        + spec.consumerGroup() + ": " + assigned.size() + " partition(s) assigned here");
            }
        } catch (KafkaException e) {
            if (reachable || lag.isEmpty()) {
                listener.onSourceState(false, "Kafka at " + consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + " does not answer: " + e.getMessage());
            }
            reachable = false;
        }
    }

    private int lastAssigned = -1;
    /** The group gave this consumer its partitions (possibly none) at least once. */
    private boolean joined;

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;

        Rebalance(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            applyAcks();
            try {
                commit(c, partitions, true); // what finished here is not delivered again by the next owner
            } catch (KafkaException e) {
                log.warn("KafkaTrigger {}/{}: commit on revocation failed: {}", trigger.namespace(), trigger.name(),
                        e.getMessage());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                // resolves "latest"/"earliest" now: a record produced once the trigger shows Ready is not skipped
                long position = c.position(tp);
                trackers.put(tp, new OffsetTracker(position));
            }
            joined = true;
            nextLagRefresh = 0;
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> {
                trackers.remove(tp);
                committed.remove(tp);
                paused.remove(tp);
            });
            listener.onPartitionsLost(partitions.stream().map(TopicPartition::toString).toList());
            nextLagRefresh = 0;
        }
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.get().send(record, (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
        } catch (KafkaException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<byte[], byte[]> original(SourceRecord record) {
        return (ConsumerRecord<byte[], byte[]>) record.handle();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }
}
