package dev.nubo.controller.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals whole process sessions. A replica is the leader of its own session, so its session id is its pid;
 * everything the function started (even daemonised) keeps that session id and is found through /proc.
 *
 * <p>Signals are sent with {@link ProcessHandle} (kill(2)), not by forking {@code kill}, and many sessions are
 * signalled after one pass over /proc: stopping a thousand replicas costs one scan, not a thousand.
 */
public final class ProcessSessions {

    private static final Logger log = LoggerFactory.getLogger(ProcessSessions.class);
    private static final Path PROC = Path.of("/proc");

    public enum Signal { TERM, KILL }

    private ProcessSessions() {
    }

    /** Pids of every live process in session {@code sessionId}. */
    public static List<Long> members(long sessionId) {
        return membersOf(Set.of(sessionId)).getOrDefault(sessionId, List.of());
    }

    /** Live processes of the given sessions, by session, from one pass over /proc. */
    public static Map<Long, List<Long>> membersOf(Collection<Long> sessionIds) {
        Set<Long> wanted = Set.copyOf(sessionIds);
        Map<Long, List<Long>> members = new HashMap<>();
        if (wanted.isEmpty()) {
            return members;
        }
        try (var entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0)) || !name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long session = sessionOf(entry);
                if (wanted.contains(session)) {
                    members.computeIfAbsent(session, s -> new ArrayList<>()).add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            log.warn("cannot list /proc: {}", e.getMessage());
        }
        return members;
    }

    /** Sends {@code signal} to every process of the session. */
    public static void signal(long sessionId, Signal signal) {
        signalAll(List.of(sessionId), signal);
    }

    /** Sends {@code signal} to every process of every given session. */
    public static void signalAll(Collection<Long> sessionIds, Signal signal) {
        membersOf(sessionIds).values().forEach(pids -> pids.forEach(pid -> send(pid, signal)));
    }

    private static void send(long pid, Signal signal) {
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                boolean sent = signal == Signal.KILL ? process.destroyForcibly() : process.destroy();
                if (!sent) {
                    log.debug("could not signal {} with {}", pid, signal);
                }
            } catch (IllegalStateException | SecurityException e) {
                log.debug("cannot signal {}: {}", pid, e.getMessage());
            }
        });
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
