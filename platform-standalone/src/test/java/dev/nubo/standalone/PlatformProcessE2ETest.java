package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The platform as a process: a clean stop stops every function process; a restart brings every stored function back;
 * a kill -9 takes every running function process with it and loses no acknowledged write, and the next start meets no
 * port conflict and stops what an earlier run left (in its run records, or caught starting by the kill). A replica's
 * failure stays in its function's status across all of it.
 */
class PlatformProcessE2ETest {

    private static final String PY_FN = """
            import os
            def handler(event, context):
                if event.get("data") == "die":
                    os._exit(3)
                return 'python here'
            """;

    @TempDir
    Path work;

    @Test
    void restartsAndKillsLeaveNothingBehindAndLoseNothing() throws Exception {
        Path dataDir = work.resolve("data");
        Path log = work.resolve("platform.log");
        int apiPort = Platform.freePort();
        int gatewayPort = Platform.freePort();

        PlatformProcess first = PlatformProcess.start(dataDir, apiPort, gatewayPort, log);
        Path credentialsFile = dataDir.resolve("credentials");
        assertThat(Files.getPosixFilePermissions(credentialsFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Properties credentials = new Properties();
        credentials.load(Files.newBufferedReader(credentialsFile));
        String token = credentials.getProperty("NUBO_ADMIN_TOKEN");
        String credentialsText = Files.readString(credentialsFile);
        assertThat(Files.readString(log)).contains("API token = " + token);

        create(first, token, Functions.python("py-fn", PY_FN));
        create(first, token, Functions.inline("node-fn", "nodejs20", "index.handler",
                "module.exports = { handler: () => 'node here' };"));
        awaitAnswer(first, "/default/py-fn", "python here");
        awaitAnswer(first, "/default/node-fn", "node here");
        crashAndAwaitRecovery(first, token, 1);
        JsonNode firstFailure = lastReplicaFailure(first, token);
        assertThat(firstFailure.path("reason").asString()).isEqualTo("ReplicaCrashed");
        assertThat(firstFailure.path("message").asString()).contains("exited with code 3");
        List<Long> firstReplicas = replicaPids(dataDir);
        // the two replicas and the warm pool's servers (one per installed interpreted runtime): all must go below
        assertThat(firstReplicas).hasSizeGreaterThanOrEqualTo(2);

        first.process.destroy(); // SIGTERM: a clean stop
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(replicaPids(dataDir)).as("function processes after a clean stop").isEmpty();

        PlatformProcess second = PlatformProcess.start(dataDir, apiPort, gatewayPort, log);
        awaitAnswer(second, "/default/py-fn", "python here");
        awaitAnswer(second, "/default/node-fn", "node here");
        create(second, token, Functions.python("late", "def handler(e, c):\n    return 'acknowledged'\n"));
        List<Long> running = replicaPids(dataDir);
        second.process.destroyForcibly(); // kill -9, right after the write was acknowledged
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(alive(running)).as(() -> "function processes after kill -9 of the platform: "
                        + describe(alive(running))).isEmpty());
        // one still starting at the kill (the write above starts a replica) may come up after it, its parent-death
        // signal not armed yet: the next start stops it
        List<Long> caughtStarting = replicaPids(dataDir);

        long leftover = plantLeftover(dataDir);
        PlatformProcess third = PlatformProcess.start(dataDir, apiPort, gatewayPort, log);
        try {
            assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false))
                    .as("a process an earlier run left in its run records").isFalse();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alive(caughtStarting))
                    .as("function processes caught starting by the kill -9").isEmpty());
            awaitAnswer(third, "/default/py-fn", "python here");
            awaitAnswer(third, "/default/node-fn", "node here");
            awaitAnswer(third, "/default/late", "acknowledged");
            // the failure counted two starts ago is kept, and the next one counts on from it
            crashAndAwaitRecovery(third, token, 2);
            assertThat(Files.readString(credentialsFile)).as("credentials are written once").isEqualTo(credentialsText);
            assertThat(Files.readString(log)).doesNotContain("Address already in use");
        } finally {
            third.process.destroy();
            third.process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void create(PlatformProcess platform, String token, String function) {
        Http.Response response = Http.send("POST", platform.api("/api/v1/namespaces/default/functions"),
                "application/json", function, "Authorization", "Bearer " + token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    /** A call makes py-fn's replica exit; its failure stays in status once a new replica is ready. */
    private static void crashAndAwaitRecovery(PlatformProcess platform, String token, int failuresSoFar) {
        Http.send("POST", platform.gateway("/default/py-fn"), "text/plain", "die");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode status = function(platform, token, "py-fn").path("status");
            assertThat(status.path("phase").asString()).isEqualTo("Ready");
            assertThat(status.path("lastReplicaFailure").path("total").asInt()).isEqualTo(failuresSoFar);
        });
        awaitAnswer(platform, "/default/py-fn", "python here");
    }

    private static JsonNode lastReplicaFailure(PlatformProcess platform, String token) {
        return function(platform, token, "py-fn").path("status").path("lastReplicaFailure");
    }

    private static JsonNode function(PlatformProcess platform, String token, String name) {
        return Http.send("GET", platform.api("/api/v1/namespaces/default/functions/" + name), null, null,
                "Authorization", "Bearer " + token).json();
    }

    private static void awaitAnswer(PlatformProcess platform, String path, String expected) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(Http.send("GET", platform.gateway(path), null, null).body()).isEqualTo(expected));
    }

    /** Each leftover with its ancestors (state, parent, command of each): which wrapper outlived the platform. */
    private static String describe(List<Long> pids) {
        return pids.stream().map(pid -> {
            StringBuilder chain = new StringBuilder();
            long current = pid;
            for (int depth = 0; depth < 8 && current > 1; depth++) {
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(current), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String cmdline = Files.readString(Path.of("/proc", Long.toString(current), "cmdline"))
                            .replace('\0', ' ');
                    chain.append(depth == 0 ? "" : " <- ").append(current).append(" [").append(fields[0]).append("] ")
                            .append(cmdline.length() > 200 ? cmdline.substring(0, 200) + "…" : cmdline);
                    current = Long.parseLong(fields[1]);
                } catch (java.io.IOException | RuntimeException gone) {
                    chain.append(" <- ").append(current).append(" (gone)");
                    break;
                }
            }
            return chain.toString();
        }).toList().toString();
    }

    /** Processes running a runtime server out of this data directory (not the sandbox around them). */
    /** Those of {@code pids} still running (a zombie, dead but not yet reaped, has no command line). */
    private static List<Long> alive(List<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid)
                .filter(p -> p.isAlive() && p.info().commandLine().isPresent()).isPresent()).toList();
    }

    private static List<Long> replicaPids(Path dataDir) {
        String runtimes = dataDir.resolve("runtimes").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(runtimes) && !c.contains("bwrap"))
                        .orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    /** A process that looks like a replica of a dead run: own session, our instance variable, a run record. */
    private static long plantLeftover(Path dataDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("setsid", "sleep", "600");
        builder.environment().put("NUBO_INSTANCE_ID", "left-by-a-dead-run");
        Process sleeper = builder.start();
        Files.writeString(dataDir.resolve("run").resolve(Long.toString(sleeper.pid())), "left-by-a-dead-run",
                StandardCharsets.UTF_8);
        return sleeper.pid();
    }
}
