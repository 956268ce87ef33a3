package dev.nubo.triggers.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.triggers.source.DeliverySettings;
import dev.nubo.triggers.source.EventSourceKind;
import dev.nubo.triggers.source.TriggerSource;

/**
 * KafkaTriggers as an event source: a consumer per trigger, and one idempotent producer shared by all of them for
 * dead letters and replies (created on first use).
 */
public final class KafkaTriggerKind implements EventSourceKind<KafkaTrigger>, AutoCloseable {

    private final KafkaProperties properties;
    private Producer<byte[], byte[]> producer;

    public KafkaTriggerKind(KafkaProperties properties) {
        this.properties = properties;
    }

    @Override
    public String kind() {
        return KafkaTrigger.KIND;
    }

    @Override
    public String unavailableReason() {
        if (!properties.enabled()) {
            return "Kafka triggers are off on this installation (nubo.kafka.enabled=false)";
        }
        if (properties.bootstrapServers() == null) {
            return "no Kafka cluster is configured (nubo.kafka.bootstrap-servers)";
        }
        return null;
    }

    @Override
    public DeliverySettings settings(KafkaTrigger trigger) {
        KafkaTriggerSpec spec = trigger.spec().withDefaults(trigger.namespace(), trigger.name());
        return new DeliverySettings(spec.delivery(), spec.ordering(), spec.maxConcurrency(), spec.maxRetries(),
                spec.retryBackoff());
    }

    @Override
    public TriggerSource open(KafkaTrigger trigger, int maxPendingRecords) {
        return new KafkaTriggerSource(trigger, properties, this::producer, maxPendingRecords);
    }

    @Override
    public String describe(KafkaTrigger trigger) {
        KafkaTriggerSpec spec = trigger.spec().withDefaults(trigger.namespace(), trigger.name());
        return "topics " + String.join(", ", spec.topics()) + " as group " + spec.consumerGroup();
    }

    synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(properties.client());
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "nubo-triggers");
            config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
