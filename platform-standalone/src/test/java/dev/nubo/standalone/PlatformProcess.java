package dev.nubo.standalone;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The standalone platform as its own JVM, for what only a separate process can show: restarts and kill -9. */
final class PlatformProcess {

    final Process process;
    final Path log;
    final int apiPort;
    final int gatewayPort;

    private PlatformProcess(Process process, Path log, int apiPort, int gatewayPort) {
        this.process = process;
        this.log = log;
        this.apiPort = apiPort;
        this.gatewayPort = gatewayPort;
    }

    static PlatformProcess start(Path dataDir, int apiPort, int gatewayPort, Path log) {
        return start(dataDir, apiPort, gatewayPort, Platform.freePort(), log, List.of());
    }

    /** @param kafkaPort the embedded broker's port (keep it across restarts: clients outside know it) */
    static PlatformProcess start(Path dataDir, int apiPort, int gatewayPort, int kafkaPort, Path log,
            List<String> extraArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                StandaloneApplication.class.getName(),
                "--nubo.data-dir=" + dataDir, "--server.port=" + apiPort, "--nubo.gateway.port=" + gatewayPort,
                "--nubo.kafka.embedded.port=" + kafkaPort));
        command.addAll(extraArgs);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            PlatformProcess platform = new PlatformProcess(process, log, apiPort, gatewayPort);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the platform exited with " + process.exitValue() + ": "
                            + tail(log) + "\ncommand: " + command);
                }
                try {
                    return Http.send("GET", platform.api("/actuator/health"), null, null).status() == 200;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            return platform;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String api(String path) {
        return "http://127.0.0.1:" + apiPort + path;
    }

    String gateway(String path) {
        return "http://127.0.0.1:" + gatewayPort + path;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
