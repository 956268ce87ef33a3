package dev.nubo.standalone.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka (KRaft: broker and controller in one server) inside the standalone JVM, its log in the
 * data directory. The first start formats the directory with a new cluster id; later starts reuse it, so topics,
 * records and committed offsets survive restarts (and kill -9: Kafka recovers its log).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final EmbeddedKafkaProperties properties;
    private final Path logDir;
    private KafkaRaftServer server;

    public EmbeddedKafkaBroker(EmbeddedKafkaProperties properties, Path defaultDataDir) {
        this.properties = properties;
        this.logDir = (properties.dataDir() != null ? properties.dataDir() : defaultDataDir.resolve("kafka"))
                .toAbsolutePath().normalize();
    }

    /** Formats the log directory when new and starts the server; returns when it accepts clients. */
    public synchronized void start() {
        long started = System.nanoTime();
        Map<String, String> config = config(properties.controllerPort() == 0 ? freePortOtherThan(properties.port()) : properties.controllerPort());
        try {
            Files.createDirectories(logDir);
            Path file = logDir.resolve("server.properties");
            Properties written = new Properties();
            written.putAll(config);
            try (OutputStream out = Files.newOutputStream(file)) {
                written.store(out, "written by Nubo at each start of the embedded broker");
            }
            format(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data directory " + logDir, e);
        }
        server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server.startup();
        log.info("Embedded Kafka broker listening on {} (data in {}) after {} ms", properties.bootstrapServers(), logDir,
                (System.nanoTime() - started) / 1_000_000);
    }

    public String bootstrapServers() {
        return properties.bootstrapServers();
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Embedded Kafka broker stopped");
        }
    }

    private Map<String, String> config(int controllerPort) {
        String host = properties.host();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        config.put("listeners", "PLAINTEXT://" + host + ":" + properties.port() + ",CONTROLLER://" + host + ":"
                + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://" + host + ":" + properties.port());
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDir.resolve("log").toString());
        config.put("num.partitions", Integer.toString(properties.partitions()));
        // one node: every internal topic has one replica
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("auto.create.topics.enable", "true");
        // a consumer group of one member starts at once instead of waiting 3 s for more members
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    private void format(Path configFile) {
        Path meta = logDir.resolve("log").resolve("meta.properties");
        if (Files.exists(meta)) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(new String[] {"format", "--config", configFile.toString(), "--cluster-id",
                    Uuid.randomUuid().toString(), "--ignore-formatted"}, out);
        }
        if (exit != 0) {
            throw new IllegalStateException("formatting the Kafka data directory " + logDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A port free now and not the client port: that one is not bound yet when the controller port is picked, so the
     * kernel may hand it out again (seen in CI: both listeners on one port, the broker refused to start).
     */
    private static int freePortOtherThan(int clientPort) {
        try (ServerSocket first = new ServerSocket(0)) {
            if (first.getLocalPort() != clientPort) {
                return first.getLocalPort();
            }
            try (ServerSocket second = new ServerSocket(0)) {
                return second.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
