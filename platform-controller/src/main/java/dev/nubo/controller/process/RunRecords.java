package dev.nubo.controller.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.Directories;

/**
 * One small file per live child process ({@code <pid>} holding its instance id), so that after a kill -9 of the
 * platform the next start finds what the dead run left behind and stops it, instead of colliding with its ports
 * or, worse, routing calls to an old version of a function.
 */
public class RunRecords {

    private static final Logger log = LoggerFactory.getLogger(RunRecords.class);
    public static final String INSTANCE_VARIABLE = "NUBO_INSTANCE_ID";

    private final Path dir;

    public RunRecords(Path dir) {
        this.dir = Directories.create(dir);
    }

    public void record(long pid, String instanceId) {
        try {
            Files.writeString(dir.resolve(Long.toString(pid)), instanceId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record process " + pid, e);
        }
    }

    public void forget(long pid) {
        try {
            Files.deleteIfExists(dir.resolve(Long.toString(pid)));
        } catch (IOException e) {
            log.warn("cannot remove run record {}: {}", pid, e.getMessage());
        }
    }

    /**
     * Kills what an earlier run left: every process in a recorded session whose environment carries the recorded
     * instance id (a pid reused by an unrelated process is left alone). One pass over /proc for all records, so a
     * restart after a crash with a thousand replicas stays quick.
     *
     * @return how many processes were killed
     */
    public int reapLeftovers() {
        Map<Long, String> recorded = new HashMap<>();
        try (var records = Files.list(dir)) {
            for (Path record : records.toList()) {
                try {
                    recorded.put(Long.parseLong(record.getFileName().toString()), Files.readString(record).trim());
                } catch (NumberFormatException e) {
                    log.warn("ignoring stray file {} among run records", record);
                }
                Files.deleteIfExists(record);
            }
        } catch (IOException e) {
            log.warn("cannot read run records in {}: {}", dir, e.getMessage());
        }
        int killed = 0;
        List<Long> sessions = new ArrayList<>();
        for (var entry : ProcessSessions.membersOf(recorded.keySet()).entrySet()) {
            String instance = INSTANCE_VARIABLE + "=" + recorded.get(entry.getKey());
            long ours = entry.getValue().stream().filter(pid -> ProcessSessions.environmentContains(pid, instance))
                    .count();
            if (ours > 0) {
                sessions.add(entry.getKey());
                killed += (int) ours;
            }
        }
        if (!sessions.isEmpty()) {
            log.warn("stopping {} process(es) in {} session(s) left by an earlier run", killed, sessions.size());
            ProcessSessions.signalAll(sessions, ProcessSessions.Signal.KILL);
        }
        return killed;
    }
}
