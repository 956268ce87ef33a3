package dev.nubo.triggers.nats;

import java.io.IOException;

import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.triggers.source.DeliverySettings;
import dev.nubo.triggers.source.EventSourceKind;
import dev.nubo.triggers.source.TriggerSource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

/** NatsTriggers as an event source: one connection (opened with the first trigger, reconnecting) shared by all. */
public final class NatsTriggerKind implements EventSourceKind<NatsTrigger>, AutoCloseable {

    private final NatsProperties properties;
    private Connection connection;

    public NatsTriggerKind(NatsProperties properties) {
        this.properties = properties;
    }

    @Override
    public String kind() {
        return NatsTrigger.KIND;
    }

    @Override
    public String unavailableReason() {
        if (!properties.enabled()) {
            return "NATS triggers are off on this installation (nubo.nats.enabled=false)";
        }
        if (properties.url() == null || properties.url().isBlank()) {
            return "no NATS server is configured (nubo.nats.url)";
        }
        return null;
    }

    @Override
    public DeliverySettings settings(NatsTrigger trigger) {
        NatsTriggerSpec spec = trigger.spec().withDefaults(trigger.namespace(), trigger.name());
        return new DeliverySettings(spec.delivery(), spec.ordering(), spec.maxConcurrency(), spec.maxRetries(),
                spec.retryBackoff());
    }

    @Override
    public TriggerSource open(NatsTrigger trigger, int maxPendingRecords) {
        return new NatsTriggerSource(trigger, connection(), maxPendingRecords);
    }

    @Override
    public String describe(NatsTrigger trigger) {
        NatsTriggerSpec spec = trigger.spec().withDefaults(trigger.namespace(), trigger.name());
        return "subject " + spec.subject() + " (stream " + spec.stream() + ", consumer " + spec.consumer() + ")";
    }

    private synchronized Connection connection() {
        if (connection == null) {
            try {
                connection = Nats.connect(new Options.Builder().server(properties.url()).maxReconnects(-1)
                        .connectionName("nubo-triggers").build());
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect to NATS at " + properties.url() + ": "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to NATS", e);
            }
        }
        return connection;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
