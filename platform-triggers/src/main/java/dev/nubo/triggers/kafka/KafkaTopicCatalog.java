package dev.nubo.triggers.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import dev.nubo.core.trigger.TopicCatalog;

/**
 * The cluster's topics through the Kafka Admin client, with the triggers' own connection settings
 * ({@code nubo.kafka.bootstrap-servers}, {@code nubo.kafka.client.*}: SASL, TLS). A cluster that does not answer
 * within {@code timeout} is reported, and the client is closed so it does not keep retrying in the background; the
 * next question opens a new one.
 */
public final class KafkaTopicCatalog implements TopicCatalog, AutoCloseable {

    private final KafkaProperties properties;
    private final Duration timeout;
    private Admin admin;

    public KafkaTopicCatalog(KafkaProperties properties, Duration timeout) {
        this.properties = properties;
        this.timeout = timeout;
    }

    @Override
    public synchronized Topics topics() {
        if (properties.bootstrapServers() == null) {
            return Topics.unavailable("no Kafka cluster is configured (nubo.kafka.bootstrap-servers)");
        }
        try {
            List<String> names = admin().listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .names().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).stream().sorted().toList();
            return new Topics(names, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Topics.unavailable("interrupted while asking the Kafka cluster");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            close();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return Topics.unavailable("the Kafka cluster at " + properties.bootstrapServers() + " did not answer ("
                    + cause.getClass().getSimpleName() + ")");
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(properties.client());
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "nubo-topic-catalog");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
