package dev.nubo.triggers.nats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.core.trigger.DeliveryGuarantee;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus.PartitionLag;
import dev.nubo.triggers.dispatch.CallResult;
import dev.nubo.triggers.dispatch.FunctionEvent;
import dev.nubo.triggers.source.SourceListener;
import dev.nubo.triggers.source.SourceRecord;
import dev.nubo.triggers.source.TriggerSource;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;

/**
 * One NatsTrigger's JetStream consumer: a durable pull consumer with explicit acks on the trigger's stream (created
 * when missing), so an unacknowledged message comes back after {@code ackWait} — after a crash too. The dispatcher's
 * retries keep the message by telling the server "in progress". A message's partition is its stream, its key its
 * subject (ordering {@code key}: per subject), its position the stream sequence.
 */
final class NatsTriggerSource implements TriggerSource {

    private static final Logger log = LoggerFactory.getLogger(NatsTriggerSource.class);
    static final String EMITTER = "nats.nubo.dev";
    static final String CE_TYPE = "dev.nubo.nats.message";
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private final NatsTrigger trigger;
    private final NatsTriggerSpec spec;
    private final Connection connection;
    private final int maxPending;
    private volatile MessageConsumer consumer;
    private volatile ConsumerContext context;
    private volatile List<PartitionLag> lag = List.of();
    private volatile boolean closing;
    private Thread lagThread;

    NatsTriggerSource(NatsTrigger trigger, Connection connection, int maxPending) {
        this.trigger = trigger;
        this.spec = trigger.spec().withDefaults(trigger.namespace(), trigger.name());
        this.connection = connection;
        this.maxPending = maxPending;
    }

    @Override
    public void start(SourceListener listener) {
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            ensureStream(jsm);
            ConsumerConfiguration config = ConsumerConfiguration.builder().durable(spec.consumer())
                    .filterSubject(spec.subject()).ackPolicy(AckPolicy.Explicit).ackWait(ACK_WAIT)
                    .deliverPolicy(spec.startFrom() == KafkaTriggerSpec.StartFrom.earliest ? DeliverPolicy.All
                            : DeliverPolicy.New)
                    .maxAckPending(maxPending).build();
            jsm.addOrUpdateConsumer(spec.stream(), config);
            context = connection.getStreamContext(spec.stream()).getConsumerContext(spec.consumer());
            String deadLetters = ensureDeadLetterStream(jsm);
            consumer = context.consume(message -> listener.onRecords(List.of(record(message))));
            listener.onSourceState(true, "consuming " + spec.subject() + " from stream " + spec.stream() + " as "
                    + spec.consumer() + deadLetters);
        } catch (IOException | JetStreamApiException e) {
            listener.onSourceState(false, "NATS JetStream at " + connection.getConnectedUrl() + ": " + e.getMessage());
            throw new IllegalStateException("cannot consume " + spec.subject() + ": " + e.getMessage(), e);
        }
        lagThread = Thread.ofVirtual().name("nats-lag-" + trigger.name()).start(this::refreshLag);
    }

    private void ensureStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(spec.stream());
        } catch (JetStreamApiException missing) {
            if (missing.getErrorCode() != 404) {
                throw missing;
            }
            jsm.addStream(StreamConfiguration.builder().name(spec.stream()).subjects(spec.subject())
                    .storageType(StorageType.File).build());
        }
    }

    /**
     * Dead letters are kept only where a stream holds their subject: a plain publish reaches whoever listens at that
     * moment, and no one may. When no stream holds them, one is created ({@code <stream>-dlq}, file storage), unless
     * their subjects cannot make a stream's (a {@code >} inside) or overlap another's: then they are only published,
     * and the status says so. Returns what the status adds about them.
     */
    private String ensureDeadLetterStream(JetStreamManagement jsm) {
        if (spec.deadLetterSubject().isEmpty()) {
            return "; failed messages are dropped after their retries";
        }
        String subjects = spec.deadLetterSubject().replace("{subject}", spec.subject());
        try {
            List<String> holders = jsm.getStreamNames(subjects);
            if (!holders.isEmpty()) {
                return "; dead letters to " + subjects + " (stream " + String.join(", ", holders) + ")";
            }
            String name = spec.stream() + "-dlq";
            jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.File)
                    .build());
            return "; dead letters to " + subjects + " (stream " + name + ")";
        } catch (IOException | JetStreamApiException | IllegalArgumentException e) {
            log.warn("NatsTrigger {}/{}: no stream keeps its dead letters ({}): {}", trigger.namespace(),
                    trigger.name(), subjects, e.getMessage());
            return "; dead letters to " + subjects + " are only published (no stream keeps them: " + e.getMessage()
                    + ")";
        }
    }

    private SourceRecord record(Message message) {
        NatsJetStreamMetaData meta = message.metaData();
        byte[] data = message.getData() == null ? new byte[0] : message.getData();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-subject", message.getSubject());
        headers.put("event-subject", message.getSubject());
        headers.put("event-stream", meta.getStream());
        headers.put("event-sequence", Long.toString(meta.streamSequence()));
        headers.put("event-delivery", Long.toString(meta.deliveredCount()));
        Headers natsHeaders = message.getHeaders();
        if (natsHeaders != null) {
            for (String name : natsHeaders.keySet()) {
                String value = natsHeaders.getFirst(name);
                if (value != null && name.matches("[A-Za-z0-9-_.]+") && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    headers.put("event-header-" + name.toLowerCase(), value);
                }
            }
        }
        String id = meta.getStream() + "-" + meta.streamSequence();
        Instant time = meta.timestamp() == null ? Instant.now() : meta.timestamp().toInstant();
        FunctionEvent event = new FunctionEvent(id, time, EMITTER, CE_TYPE, contentType(data), data, headers);
        if (spec.delivery() == DeliveryGuarantee.atMostOnce) {
            message.ack(); // at most once: let go of it before the call
        }
        return new SourceRecord(meta.getStream(), message.getSubject(), meta.streamSequence(), event, message);
    }

    private static String contentType(byte[] data) {
        if (data.length == 0) {
            return null;
        }
        String text = new String(data, StandardCharsets.UTF_8).strip();
        return text.startsWith("{") || text.startsWith("[") ? "application/json" : "text/plain; charset=utf-8";
    }

    @Override
    public void ack(SourceRecord record) {
        if (spec.delivery() != DeliveryGuarantee.atMostOnce) {
            ((Message) record.handle()).ack();
        }
    }

    @Override
    public void nack(SourceRecord record, int attempt) {
        ((Message) record.handle()).inProgress(); // we retry it ourselves: the server must not redeliver meanwhile
    }

    @Override
    public CompletableFuture<Void> deadLetter(SourceRecord record, DeadLetter why) {
        Message message = (Message) record.handle();
        String subject = spec.deadLetterSubject().replace("{subject}", message.getSubject());
        if (subject.isEmpty()) {
            log.warn("NatsTrigger {}/{} drops {} after {} attempt(s): {}", trigger.namespace(), trigger.name(),
                    record.eventId(), why.attempts(), why.error());
            return CompletableFuture.completedFuture(null);
        }
        Headers headers = new Headers();
        if (message.getHeaders() != null) {
            message.getHeaders().forEach((name, values) -> headers.put(name, values));
        }
        headers.put("Nubo-Error", why.error().replaceAll("[\\r\\n]+", " "));
        headers.put("Nubo-Status-Code", Integer.toString(why.statusCode()));
        headers.put("Nubo-Attempts", Integer.toString(why.attempts()));
        headers.put("Nubo-Function", why.function());
        headers.put("Nubo-Original-Subject", message.getSubject());
        headers.put("Nubo-Original-Stream", record.partition());
        headers.put("Nubo-Original-Sequence", Long.toString(record.position()));
        return publish(subject, headers, message.getData());
    }

    @Override
    public CompletableFuture<Void> reply(SourceRecord record, String function, CallResult answer) {
        if (spec.replySubject() == null || spec.replySubject().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Headers headers = new Headers();
        headers.put("Event-Id", record.eventId());
        headers.put("Nubo-Function", function);
        return publish(spec.replySubject(), headers, answer.body());
    }

    /** Into a stream when one holds the subject (stored, acknowledged); else a plain publish, flushed. */
    private CompletableFuture<Void> publish(String subject, Headers headers, byte[] data) {
        try {
            return connection.jetStream().publishAsync(subject, headers, data).<Void>thenApply(ack -> null)
                    .exceptionallyCompose(noStream -> {
                        try {
                            connection.publish(subject, headers, data);
                            connection.flush(Duration.ofSeconds(5));
                            return CompletableFuture.completedFuture(null);
                        } catch (Exception e) {
                            return CompletableFuture.failedFuture(e);
                        }
                    });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<PartitionLag> lag() {
        return lag;
    }

    private void refreshLag() {
        while (!closing) {
            try {
                ConsumerInfo info = context.getConsumerInfo();
                long floor = info.getAckFloor() == null ? 0 : info.getAckFloor().getStreamSequence();
                long pending = info.getNumPending() + info.getNumAckPending();
                lag = List.of(new PartitionLag(spec.subject(), 0, floor, floor + pending, pending));
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                log.debug("NatsTrigger {}/{}: no consumer info: {}", trigger.namespace(), trigger.name(),
                        e.getMessage());
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        if (lagThread != null) {
            lagThread.interrupt();
        }
        MessageConsumer c = consumer;
        if (c != null) {
            try {
                c.stop();
                c.close();
            } catch (Exception e) {
                log.debug("closing the NATS consumer: {}", e.getMessage());
            }
        }
    }
}
