package dev.nubo.controller.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps replicas off this machine's own ports: firewall rules (iptables and ip6tables, OUTPUT chain) that refuse every
 * new connection the replicas' user opens over the loopback interface — to the API, PostgreSQL, Kafka, other
 * replicas, anything listening on this machine — while the platform still reaches the replicas and the replicas still
 * reach the rest of the network. DNS (port 53) stays open for local resolvers. The rules live in a chain of their own,
 * made idempotently at start (two platforms on one machine share it).
 */
final class LoopbackGuard {

    private static final Logger log = LoggerFactory.getLogger(LoopbackGuard.class);
    static final String CHAIN = "NUBO-SANDBOX";

    private LoopbackGuard() {
    }

    /** The commands that install the guard for {@code uid} with one firewall tool. Pure. */
    static List<List<String>> commands(String tool, int uid, List<Integer> allowedPorts) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of(tool, "-w", "-N", CHAIN)); // fails when it exists: ignored
        commands.add(List.of(tool, "-w", "-F", CHAIN));
        for (int port : allowedPorts) {
            commands.add(List.of(tool, "-w", "-A", CHAIN, "-p", "udp", "--dport", Integer.toString(port), "-j",
                    "RETURN"));
            commands.add(List.of(tool, "-w", "-A", CHAIN, "-p", "tcp", "--dport", Integer.toString(port), "-j",
                    "RETURN"));
        }
        commands.add(List.of(tool, "-w", "-A", CHAIN, "-p", "tcp", "-m", "conntrack", "--ctstate", "NEW", "-j",
                "REJECT", "--reject-with", "tcp-reset"));
        commands.add(List.of(tool, "-w", "-A", CHAIN, "-m", "conntrack", "--ctstate", "NEW", "-j", "REJECT"));
        return commands;
    }

    static List<String> hook(String tool, String action, int uid) {
        return List.of(tool, "-w", action, "OUTPUT", "-o", "lo", "-m", "owner", "--uid-owner", Integer.toString(uid),
                "-j", CHAIN);
    }

    /** Installs the guard; null when it holds, else why it does not (for status and the log). */
    static String install(int uid, List<Integer> allowedPorts) {
        List<String> problems = new ArrayList<>();
        for (String tool : List.of("iptables", "ip6tables")) {
            String binary = find(tool);
            if (binary == null) {
                problems.add(tool + " is not installed");
                continue;
            }
            List<List<String>> commands = commands(binary, uid, allowedPorts);
            run(commands.getFirst()); // the chain may exist already
            String failed = null;
            for (List<String> command : commands.subList(1, commands.size())) {
                String error = run(command);
                if (error != null) {
                    failed = error;
                    break;
                }
            }
            if (failed == null && run(hook(binary, "-C", uid)) != null) {
                failed = run(hook(binary, "-I", uid));
            }
            if (failed != null) {
                problems.add(tool + ": " + failed);
            }
        }
        if (problems.isEmpty()) {
            log.info("replicas (uid {}) cannot open connections to this machine's own ports (firewall chain {})", uid,
                    CHAIN);
            return null;
        }
        return String.join("; ", problems);
    }

    private static String find(String tool) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path path = Path.of(dir, tool);
            if (Files.isExecutable(path)) {
                return path.toString();
            }
        }
        return null;
    }

    /** Runs one command; null on success, else its output. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return process.exitValue() == 0 ? null : output.isEmpty() ? "exit " + process.exitValue() : output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
