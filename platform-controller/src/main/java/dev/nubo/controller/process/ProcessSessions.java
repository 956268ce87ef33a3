package dev.nubo.controller.process;

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
 * Signals whole process sessions. A replica is the leader of its own session, so its session id is its pid;
 * everything the function started (even daemonised) keeps that session id and is found through /proc.
 */
public final class ProcessSessions {

    private static final Logger log = LoggerFactory.getLogger(ProcessSessions.class);
    private static final Path PROC = Path.of("/proc");

    private ProcessSessions() {
    }

    /** Pids of every live process in session {@code sessionId}. */
    public static List<Long> members(long sessionId) {
        List<Long> pids = new ArrayList<>();
        try (var entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                if (sessionOf(entry) == sessionId) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            log.warn("cannot list /proc: {}", e.getMessage());
        }
        return pids;
    }

    /** Sends {@code signal} (e.g. TERM, KILL) to every process of the session. */
    public static void signal(long sessionId, String signal) {
        List<Long> pids = members(sessionId);
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("cannot signal session {}: {}", sessionId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the process's environment holds {@code NAME=value} (readable for our own processes). */
    public static boolean environmentContains(long pid, String variable) {
        try {
            byte[] environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                if (entry.equals(variable)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static long sessionOf(Path procEntry) {
        try {
            String stat = Files.readString(procEntry.resolve("stat"));
            // "pid (comm) state ppid pgrp session ...": comm may hold spaces, so parse after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
