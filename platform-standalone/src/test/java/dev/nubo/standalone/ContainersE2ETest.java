package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * What {@link DistributedE2ETest} checks with four JVMs, with the images docker-compose.yml runs: PostgreSQL, Kafka
 * (KRaft) and the four services built from their Dockerfiles (from the jars the build made), on one Docker network
 * with compose's settings. Deploy through the API, call through the gateway, read the log through the API, wake a
 * function at zero, restart the controller (calls wait for it instead of "not found"), delete.
 * Skipped where no Docker engine runs (this build machine: "disabledWithoutDocker is true and Docker is not
 * available"); DistributedE2ETest covers the same path with processes.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersE2ETest {

    private static final String TOKEN = "nubo_containers_e2e_token_0123456789";
    private static final List<String> SERVICES = List.of("api", "controller", "triggers", "console");

    static Network network;
    static final List<GenericContainer<?>> containers = new ArrayList<>();
    static GenericContainer<?> api;
    static GenericContainer<?> controller;
    static GenericContainer<?> triggers;

    @BeforeAll
    static void startCompose() throws Exception {
        network = Network.newNetwork();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = Map.of(
                "NUBO_BACKEND", "local",
                "NUBO_TOPOLOGY", "distributed",
                "NUBO_SECRETS_KEY", Base64.getEncoder().encodeToString(key),
                "NUBO_DISTRIBUTED_INTERNAL_TOKEN", "containers-e2e-internal",
                "NUBO_STORE_URL", "jdbc:postgresql://postgres:5432/nubo",
                "NUBO_STORE_USERNAME", "nubo",
                "NUBO_STORE_PASSWORD", "nubo",
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "NUBO_ADMIN_TOKEN", TOKEN, "NUBO_ADMIN_PASSWORD", "containers-e2e-password");
        start(new GenericContainer<>(DockerImageName.parse("postgres:17")).withNetwork(network)
                .withNetworkAliases("postgres")
                .withEnv(Map.of("POSTGRES_DB", "nubo", "POSTGRES_USER", "nubo", "POSTGRES_PASSWORD", "nubo"))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)));
        start(new GenericContainer<>(DockerImageName.parse("apache/kafka:4.1.1")).withNetwork(network)
                .withNetworkAliases("kafka")
                .withEnv(Map.of("KAFKA_NODE_ID", "1", "KAFKA_PROCESS_ROLES", "broker,controller",
                        "KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093",
                        "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092",
                        "KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER",
                        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093",
                        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
                        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
                        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1"))
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)));
        for (String service : SERVICES) {
            GenericContainer<?> container = new GenericContainer<>(image(service)).withNetwork(network)
                    .withNetworkAliases(service).withEnv(env).withExposedPorts(8080)
                    .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(8080)
                            .withStartupTimeout(Duration.ofMinutes(4)));
            switch (service) {
                case "api" -> api = container;
                case "controller" -> controller = container
                        .withEnv(Map.of("NUBO_CONTROLLER_BIND_ADDRESS", "0.0.0.0",
                                "NUBO_DISTRIBUTED_REPLICA_HOST", "controller",
                                "NUBO_DISTRIBUTED_CONTROLLER_URL", "http://controller:8080"));
                case "triggers" -> triggers = container.withExposedPorts(8080, 8081)
                        .withEnv(Map.of("NUBO_GATEWAY_ADDRESS", "0.0.0.0", "NUBO_GATEWAY_PORT", "8081"));
                default -> { }
            }
            start(container);
        }
    }

    @AfterAll
    static void stopCompose() {
        containers.reversed().forEach(GenericContainer::stop);
        if (network != null) {
            network.close();
        }
    }

    @Test
    void deployInvokeReadLogsSurviveAControllerRestartAndDelete() {
        assertThat(api("GET", "/api/v1/runtimes", null).body()).contains("python3.11");
        Http.Response created = api("POST", "/api/v1/namespaces/default/functions", Functions.python("hello-box", """
                def handler(event, context):
                    print("marker", event["data"])
                    return "hello " + event["data"]
                """));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Http.Response sleepy = api("POST", "/api/v1/namespaces/default/functions", Http.json(Map.of(
                "metadata", Map.of("name", "sleepy-box"),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler",
                        "source", Map.of("inline", "def handler(event, context):\n    return 'awake'\n"),
                        "scaling", Map.of("minReplicas", 0, "maxReplicas", 1, "idleSeconds", 1)))));
        assertThat(sleepy.status()).as(sleepy.body()).isEqualTo(201);

        await("ready through the gateway").atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(Http.send("POST", gateway("/default/hello-box"), "text/plain", "world").body())
                        .isEqualTo("hello world"));
        await("the call in the log").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api("GET", "/api/v1/namespaces/default/functions/hello-box/logs?tailLines=50", null)
                        .body()).contains("marker world"));

        await("scaled to zero").atMost(Duration.ofSeconds(60)).until(() -> "ScaledToZero".equals(
                api("GET", "/api/v1/namespaces/default/functions/sleepy-box", null).json()
                        .path("status").path("phase").asString()));
        Http.Response woken = Http.send("GET", gateway("/default/sleepy-box"), null, null);
        assertThat(woken.status()).as(woken.body()).isEqualTo(200);
        assertThat(woken.body()).isEqualTo("awake");

        // the controller restarts: a call meanwhile is held (the function exists), never "not found"
        DockerClientFactory.instance().client().restartContainerCmd(controller.getContainerId()).exec();
        Http.Response during = Http.send("POST", gateway("/default/hello-box"), "text/plain", "again");
        assertThat(during.status()).as(during.body()).isIn(200, 503);
        if (during.status() == 503) {
            assertThat(during.code()).isEqualTo("FUNCTION_NOT_READY");
        }
        await("answers again after the restart").atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(Http.send("POST", gateway("/default/hello-box"), "text/plain", "back").body())
                        .isEqualTo("hello back"));

        assertThat(api("DELETE", "/api/v1/namespaces/default/functions/hello-box", null).status()).isEqualTo(200);
        await("gone from the gateway").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Http.send("GET", gateway("/default/hello-box"), null, null).code())
                        .isEqualTo("FUNCTION_NOT_FOUND"));
    }

    private static void start(GenericContainer<?> container) {
        containers.add(container);
        container.start();
    }

    /** The service's Dockerfile over a context of just what it copies: its exec jar. */
    private static ImageFromDockerfile image(String service) {
        try {
            Path jar = DistributedE2ETest.execJar(service);
            Path module = Path.of("..", "platform-" + service).toAbsolutePath().normalize();
            return new ImageFromDockerfile("nubo-" + service + "-e2e", false)
                    .withFileFromPath("platform-" + service + "/Dockerfile", module.resolve("Dockerfile"))
                    .withFileFromPath("platform-" + service + "/target/" + jar.getFileName(), jar)
                    .withDockerfilePath("platform-" + service + "/Dockerfile");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Http.Response api(String method, String path, String json) {
        return Http.send(method, "http://" + api.getHost() + ":" + api.getMappedPort(8080) + path,
                json == null ? null : "application/json", json, "Authorization", "Bearer " + TOKEN);
    }

    private static String gateway(String path) {
        return "http://" + triggers.getHost() + ":" + triggers.getMappedPort(8081) + path;
    }
}
