package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nubo.core.testing.TestDatabases;

/**
 * The four services as four JVMs ({@code java -jar platform-<service>-exec.jar}, the jars the build made) against the
 * local PostgreSQL, in a schema of this run's own: a function deployed through the API is built and run by the
 * controller, called through the gateway of the triggers service, its log read through the API (tail and follow, from
 * the controller), and deleted; a function scaled to zero is woken by a call through the gateway — each step crossing
 * processes only through the store and the controller's internal endpoints. The controller then restarts: a call
 * meanwhile is held by the gateway (the function exists without a route) and answered once it is back, and a follow
 * through the API goes on.
 */
class DistributedE2ETest {

    private static final String TOKEN = "nubo_distributed_e2e_token_0123456789";
    private static final String PASSWORD = "distributed-e2e-password";
    private static final List<String> SERVICES = List.of("controller", "api", "triggers", "console");

    @TempDir
    static Path dir;

    static String schema;
    static final Map<String, Process> processes = new LinkedHashMap<>();
    static final Map<String, Integer> ports = new LinkedHashMap<>();
    static final Map<String, List<String>> commands = new LinkedHashMap<>();
    static int gatewayPort;
    static Path logs;

    @BeforeAll
    static void startFourServices() throws Exception {
        schema = TestDatabases.newPostgresSchema();
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL, TestDatabases.POSTGRES_USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        logs = Path.of("target", "distributed-e2e").toAbsolutePath();
        Files.createDirectories(logs);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        gatewayPort = Platform.freePort();
        SERVICES.forEach(service -> ports.put(service, Platform.freePort()));
        List<String> shared = List.of(
                "--nubo.store.url=" + TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
                "--nubo.store.username=" + TestDatabases.POSTGRES_USER,
                "--nubo.secrets.key=" + Base64.getEncoder().encodeToString(key),
                "--nubo.distributed.internal-token=distributed-e2e-internal",
                "--nubo.distributed.poll-interval=200ms",
                "--nubo.admin.password=" + PASSWORD, "--nubo.admin.token=" + TOKEN,
                "--nubo.controller.gateway-url=http://127.0.0.1:" + gatewayPort,
                "--nubo.gateway.port=" + gatewayPort,
                // a call held across the controller's restart (below) outlasts its start on this loaded machine
                "--nubo.gateway.wake-timeout=240s");
        for (String service : SERVICES) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-jar", execJar(service).toString(),
                    "--server.port=" + ports.get(service), "--nubo.data-dir=" + dir.resolve(service)));
            command.addAll(shared);
            if (service.equals("controller")) {
                command.add("--nubo.distributed.controller-url=http://127.0.0.1:" + ports.get(service));
            }
            commands.put(service, command);
            processes.put(service, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(service + ".log").toFile()).start());
        }
        for (String service : SERVICES) {
            awaitReady(service);
        }
    }

    private static void awaitReady(String service) {
        await(service + " ready").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Process process = processes.get(service);
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + ":\n"
                        + PlatformProcess.tail(logs.resolve(service + ".log")));
            }
            try {
                return Http.send("GET", url(service, "/actuator/health/readiness"), null, null).status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopServices() throws Exception {
        processes.values().forEach(Process::destroy); // SIGTERM: the controller stops its replicas
        for (Process process : processes.values()) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (schema != null) {
            TestDatabases.dropPostgresSchema(schema);
        }
    }

    @Test
    void deployInvokeReadLogsAndDeleteAcrossTheFourServices() throws Exception {
        // the API validates with the runtimes the controller published
        assertThat(api("GET", "/api/v1/runtimes", null).body()).contains("python3.11");

        Http.Response created = api("POST", "/api/v1/namespaces/default/functions", Functions.python("hello-dist", """
                def handler(event, context):
                    print("marker", event["data"])
                    return "hello " + event["data"]
                """));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Http.Response sleepy = api("POST", "/api/v1/namespaces/default/functions", Http.json(Map.of(
                "metadata", Map.of("name", "sleepy-dist"),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler",
                        "source", Map.of("inline", "def handler(event, context):\n    return 'awake'\n"),
                        "scaling", Map.of("minReplicas", 0, "maxReplicas", 1, "idleSeconds", 1)))));
        assertThat(sleepy.status()).as(sleepy.body()).isEqualTo(201);

        // the controller (another JVM) learns of it from the store, builds and runs it, and publishes its route
        await("ready through the gateway").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(Http.send("POST", gateway("/default/hello-dist"), "text/plain", "world").body())
                        .isEqualTo("hello world"));
        assertThat(api("GET", "/api/v1/namespaces/default/functions/hello-dist", null).json()
                .path("status").path("phase").asString()).isEqualTo("Ready");

        // logs through the API, read from the controller
        await("the call in the log").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api("GET", "/api/v1/namespaces/default/functions/hello-dist/logs?tailLines=50", null)
                        .body()).contains("[nubo] build of generation 1 succeeded", "marker world"));
        HttpRequest followRequest = HttpRequest.newBuilder(URI.create(url("api",
                        "/api/v1/namespaces/default/functions/hello-dist/logs?follow=true&tailLines=0")))
                .header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<Stream<String>> stream = Http.client().send(followRequest, HttpResponse.BodyHandlers.ofLines());
        List<String> followed = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                stream.body().forEach(followed::add);
            } catch (java.io.UncheckedIOException closed) {
                // closed below: Awaitility would otherwise report the reader's end in the next await
            }
        });
        try {
            await("a followed line").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Http.send("POST", gateway("/default/hello-dist"), "text/plain", "again");
                assertThat(followed).contains("data:marker again");
            });
        } finally {
            reader.interrupt();
            stream.body().close();
        }

        // a function at zero is woken by a call through the gateway: the controller starts a replica for it
        // (status says ScaledToZero once no replica is ready; the last one still drains its calls for a moment, and the
        // gateway learns of the withdrawn route within its refresh interval: a call then is served warm, and the
        // function goes back to zero a second later — so try again until a call wakes it)
        await("a call that wakes the function from zero").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            await("scaled to zero").atMost(Duration.ofSeconds(60)).until(() -> "ScaledToZero".equals(
                    api("GET", "/api/v1/namespaces/default/functions/sleepy-dist", null).json()
                            .path("status").path("phase").asString()));
            Http.Response woken = Http.send("GET", gateway("/default/sleepy-dist"), null, null);
            assertThat(woken.status()).as(woken.body()).isEqualTo(200);
            assertThat(woken.body()).isEqualTo("awake");
            assertThat(woken.header("Nubo-Cold-Start")).isEqualTo("true");
        });

        // the controller restarts: a call meanwhile is held (the function exists, without a route), not 404, and
        // goes on once the controller is back; a follow through the API goes on with the new lines
        List<String> resumed = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> resumedStream = Http.client().send(followRequest,
                HttpResponse.BodyHandlers.ofLines());
        Thread resumedReader = Thread.ofVirtual().start(() -> {
            try {
                resumedStream.body().forEach(resumed::add);
            } catch (java.io.UncheckedIOException closed) {
                // closed below
            }
        });
        try {
            Process controller = processes.get("controller");
            controller.destroy();
            assertThat(controller.waitFor(60, TimeUnit.SECONDS)).as("the controller stopped").isTrue();
            // one poll of the gateway (200 ms) sees its routes gone; a call before that would go to a stopped replica
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            java.util.concurrent.CompletableFuture<HttpResponse<String>> held = Http.client().sendAsync(
                    HttpRequest.newBuilder(URI.create(gateway("/default/hello-dist")))
                            .POST(HttpRequest.BodyPublishers.ofString("held")).header("Content-Type", "text/plain")
                            .timeout(Duration.ofSeconds(300)).build(), HttpResponse.BodyHandlers.ofString());
            processes.put("controller", new ProcessBuilder(commands.get("controller")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("controller.log").toFile())).start());
            awaitReady("controller");
            HttpResponse<String> answer = held.get(300, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("hello held");
            await("a followed line after the restart").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Http.send("POST", gateway("/default/hello-dist"), "text/plain", "resumed");
                assertThat(resumed).contains("data:marker resumed");
            });
        } finally {
            resumedReader.interrupt();
            resumedStream.body().close();
        }

        // the console (its own JVM) answers over the same store
        assertThat(Http.send("GET", url("console", "/login"), null, null).status()).isEqualTo(200);

        assertThat(api("DELETE", "/api/v1/namespaces/default/functions/hello-dist", null).status()).isEqualTo(200);
        await("gone from the gateway").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Http.Response call = Http.send("GET", gateway("/default/hello-dist"), null, null);
            assertThat(call.status()).isEqualTo(404);
            assertThat(call.code()).isEqualTo("FUNCTION_NOT_FOUND");
        });
        await("the controller removed its files").atMost(Duration.ofSeconds(20)).until(() ->
                !Files.exists(dir.resolve("controller/functions/default/hello-dist")));
        assertThat(api("GET", "/api/v1/namespaces/default/functions/hello-dist", null).status()).isEqualTo(404);
    }

    private static Http.Response api(String method, String path, String json) {
        return Http.send(method, url("api", path), json == null ? null : "application/json", json,
                "Authorization", "Bearer " + TOKEN);
    }

    private static String url(String service, String path) {
        return "http://127.0.0.1:" + ports.get(service) + path;
    }

    private static String gateway(String path) {
        return "http://127.0.0.1:" + gatewayPort + path;
    }

    /** {@code platform-<service>/target/platform-<service>-<version>-exec.jar}, made by the build's package phase. */
    static Path execJar(String service) throws IOException {
        Path target = Path.of("..", "platform-" + service, "target").toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "platform-" + service + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("no exec jar in " + target + ": build the services first"
                + " (./mvnw install -DskipTests)");
    }
}
