package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/**
 * The standalone platform, started once per test JVM in-process on real ports (API + console, gateway), with its own
 * data directory and known credentials. Functions run as real processes.
 */
final class Platform {

    static final String TOKEN = "nubo_e2e_test_token_0123456789";
    static final String PASSWORD = "e2e-password";
    /** A local package mirror (PyPI is out of reach here) that build steps may read from their sandbox. */
    static final Path PACKAGE_MIRROR = mirror();

    private static Platform shared;

    final Path dataDir;
    final ConfigurableApplicationContext context;
    final int apiPort;
    final int gatewayPort;

    private Platform(Path dataDir, ConfigurableApplicationContext context, int apiPort, int gatewayPort) {
        this.dataDir = dataDir;
        this.context = context;
        this.apiPort = apiPort;
        this.gatewayPort = gatewayPort;
    }

    static synchronized Platform shared() {
        if (shared == null) {
            shared = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared.context::close));
        }
        return shared;
    }

    static Platform start(Map<String, String> extra) {
        try {
            Path dataDir = Files.createTempDirectory("nubo-e2e",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
            int gatewayPort = freePort();
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("nubo.data-dir", dataDir.toString());
            properties.put("server.port", "0");
            properties.put("nubo.gateway.port", Integer.toString(gatewayPort));
            properties.put("nubo.kafka.embedded.port", Integer.toString(freePort()));
            properties.put("nubo.admin.password", PASSWORD);
            properties.put("nubo.admin.token", TOKEN);
            properties.put("nubo.controller.allow-private-source-urls", "true");
            properties.put("nubo.controller.health-interval", "500ms");
            properties.put("nubo.api.max-request-megabytes", "8");
            properties.put("nubo.controller.build-retry-delay", "2s");
            properties.put("nubo.sandbox.build-read-paths", PACKAGE_MIRROR.toString());
            properties.putAll(extra);
            String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            ConfigurableApplicationContext context = new SpringApplicationBuilder(StandaloneApplication.class).run(args);
            int apiPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            return new Platform(dataDir, context, apiPort, gatewayPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path mirror() {
        try {
            return Files.createTempDirectory("nubo-mirror", java.nio.file.attribute.PosixFilePermissions
                    .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ports the tests choose (API, gateway, brokers) come from a block of this test JVM's own, below the kernel's
     * ephemeral ports: the test JVMs running side by side (surefire's forks) and the ports the platforms pick for
     * their replicas never hand out the same one, and a port is handed out once per JVM. A random start in the block
     * keeps test runs of other checkouts on the same machine out of the way.
     */
    private static final int PORTS_PER_FORK = 4000;
    private static final int FIRST_PORT = 20000 + (Integer.getInteger("nubo.test.fork", 1) - 1) % 3 * PORTS_PER_FORK;
    private static final AtomicInteger HANDED_OUT = new AtomicInteger(
            java.util.concurrent.ThreadLocalRandom.current().nextInt(PORTS_PER_FORK));

    static int freePort() {
        for (int attempt = 0; attempt < PORTS_PER_FORK; attempt++) {
            int port = FIRST_PORT + HANDED_OUT.getAndIncrement() % PORTS_PER_FORK;
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use by something else on this machine: the next one
            }
        }
        throw new IllegalStateException("no free port left in " + FIRST_PORT + "+" + PORTS_PER_FORK);
    }

    /** The embedded broker's address. */
    String kafka() {
        return context.getEnvironment().getProperty("nubo.kafka.bootstrap-servers");
    }

    String api(String path) {
        return "http://127.0.0.1:" + apiPort + path;
    }

    String gateway(String path) {
        return "http://127.0.0.1:" + gatewayPort + path;
    }

    String functions(String namespace) {
        return api("/api/v1/namespaces/" + namespace + "/functions");
    }

    Http.Response apiCall(String method, String path, String contentType, String body) {
        return Http.send(method, api(path), contentType, body, "Authorization", "Bearer " + TOKEN);
    }

    Http.Response create(String namespace, String functionJson) {
        return Http.send("POST", functions(namespace), "application/json", functionJson, "Authorization",
                "Bearer " + TOKEN);
    }

    Http.Response get(String namespace, String name) {
        return apiCall("GET", "/api/v1/namespaces/" + namespace + "/functions/" + name, null, null);
    }

    Http.Response delete(String namespace, String name) {
        return apiCall("DELETE", "/api/v1/namespaces/" + namespace + "/functions/" + name, null, null);
    }

    /** An API call as the admin (its token), with a JSON body when there is one. */
    Http.Response admin(String method, String path, String body) {
        return apiCall(method, path, body == null ? null : "application/json", body);
    }

    /** An API call as a platform user (basic authentication), with a JSON body when there is one. */
    Http.Response as(String user, String password, String method, String path, String body) {
        return Http.send(method, api(path), body == null ? null : "application/json", body,
                "Authorization", Http.basic(user, password));
    }

    /** An API call with a token, with a JSON body when there is one. */
    Http.Response bearer(String token, String method, String path, String body) {
        return Http.send(method, api(path), body == null ? null : "application/json", body,
                "Authorization", "Bearer " + token);
    }

    /** Gives the user the role in the namespace (as the admin). */
    void member(String namespace, String user, String role) {
        assertThat(admin("PUT", "/api/v1/namespaces/" + namespace + "/members/" + user,
                Http.json(Map.of("role", role))).status()).isEqualTo(200);
    }

    /** The secret of a token the user issues themselves for a day. */
    String issue(String user, String password, String name, List<String> namespaces, String role) {
        Http.Response issued = as(user, password, "POST", "/api/v1/tokens", Http.json(Map.of("name", name,
                "namespaces", namespaces, "role", role, "expiresInDays", 1)));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().path("token").asString();
    }

    /** Waits until the function's current generation is Ready, and returns it. */
    JsonNode awaitReady(String namespace, String name) {
        return awaitPhase(namespace, name, "Ready");
    }

    JsonNode awaitPhase(String namespace, String name, String phase) {
        return awaitPhase(namespace, name, phase, Duration.ofSeconds(120));
    }

    JsonNode awaitPhase(String namespace, String name, String phase, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Http.Response response = get(namespace, name);
            assertThat(response.status()).isEqualTo(200);
            JsonNode function = response.json();
            last[0] = function;
            assertThat(function.path("status").path("observedGeneration").asLong())
                    .isEqualTo(function.path("metadata").path("generation").asLong());
            assertThat(function.path("status").path("phase").asString()).as(function.path("status").toString())
                    .isEqualTo(phase);
        });
        return last[0];
    }

    Http.Response call(String method, String path, String contentType, String body, String... headers) {
        return Http.send(method, gateway(path), contentType, body, headers);
    }
}
