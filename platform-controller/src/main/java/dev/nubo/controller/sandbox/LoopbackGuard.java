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
 * reach the rest of the network. DNS (port 53) stays open for local resolvers. The rules live in a chain of their own
 * that several platforms on one machine share (their replicas run as the same user): each adds what it needs —
 * its allowed ports on top, the refusals at the end — when missing, never flushes what another one added, and on
 * stopping removes the ports only it opened (its gateway).
 */
final class LoopbackGuard {

    private static final Logger log = LoggerFactory.getLogger(LoopbackGuard.class);
    static final String CHAIN = "NUBO-SANDBOX";

    /** One rule of the chain: {@code top} rules go before every refusal. */
    record Rule(boolean top, List<String> spec) {
    }

    private LoopbackGuard() {
    }

    /** The chain's rules for these allowed ports. Pure. */
    static List<Rule> rules(List<Integer> allowedPorts) {
        List<Rule> rules = new ArrayList<>();
        for (int port : allowedPorts) {
            rules.add(new Rule(true, List.of("-p", "udp", "--dport", Integer.toString(port), "-j", "RETURN")));
            rules.add(new Rule(true, List.of("-p", "tcp", "--dport", Integer.toString(port), "-j", "RETURN")));
        }
        rules.add(new Rule(false, List.of("-p", "tcp", "-m", "conntrack", "--ctstate", "NEW", "-j", "REJECT",
                "--reject-with", "tcp-reset")));
        rules.add(new Rule(false, List.of("-m", "conntrack", "--ctstate", "NEW", "-j", "REJECT")));
        return rules;
    }

    /** {@code -C} checks, {@code -D} deletes, {@code -I} puts the rule on top, {@code -A} at the end. Pure. */
    static List<String> command(String tool, String action, Rule rule) {
        List<String> command = new ArrayList<>(List.of(tool, "-w", action, CHAIN));
        if (action.equals("-I")) {
            command.add("1");
        }
        command.addAll(rule.spec());
        return command;
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
            run(List.of(binary, "-w", "-N", CHAIN)); // fails when it exists: fine
            String failed = null;
            for (Rule rule : rules(allowedPorts)) {
                if (run(command(binary, "-C", rule)) != null) {
                    failed = run(command(binary, rule.top() ? "-I" : "-A", rule));
                    if (failed != null) {
                        break;
                    }
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

    /** Closes the ports this platform alone opened (another platform's gateway keeps its own rules). */
    static void release(List<Integer> ownPorts) {
        for (String tool : List.of("iptables", "ip6tables")) {
            String binary = find(tool);
            if (binary != null) {
                rules(ownPorts).stream().filter(Rule::top).forEach(rule -> run(command(binary, "-D", rule)));
            }
        }
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
