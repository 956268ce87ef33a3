package dev.nubo.controller.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cgroup per confined process, for its memory, process-count and CPU limits, and for knowing afterwards whether
 * it hit them. Works with cgroup v1 (one hierarchy per controller, as on this kind of machine) and v2 (unified, with
 * the controllers enabled for our group).
 */
final class Cgroups {

    private static final Logger log = LoggerFactory.getLogger(Cgroups.class);
    /** How long killed leftovers may take to end before their groups are removed. */
    private static final Duration LEFTOVER_EXIT_WAIT = Duration.ofSeconds(5);

    /** The limits of one group; 0 = none. */
    record Limits(long memoryBytes, int processes, long cpuMillis) {
    }

    /** One process's group: the files its process joins, and what it saw. */
    interface Group {
        List<Path> procsFiles();

        /** Whether the kernel killed a process of the group for memory. */
        boolean oomKilled();

        /** Whether a fork failed because the process limit was reached. */
        boolean pidsLimitHit();

        /** Whether the group's working set is at its memory limit now (see {@link #atLimit}). */
        boolean atMemoryLimit();

        /** Removes the group (once its processes are gone). */
        void remove();

        /** A new memory limit for the group. */
        void limitMemory(long bytes) throws IOException;
    }

    private final Path root;
    private final String name;
    private final boolean unified;

    private Cgroups(Path root, String name, boolean unified) {
        this.root = root;
        this.name = name;
        this.unified = unified;
    }

    /** The cgroups this platform may create under {@code root}, or empty (with the reason logged). */
    static Optional<Cgroups> detect(Path root, String name) {
        Path v1Memory = root.resolve("memory");
        if (Files.isDirectory(v1Memory) && Files.exists(v1Memory.resolve("memory.limit_in_bytes"))
                && Files.isDirectory(root.resolve("pids"))) {
            Cgroups v1 = new Cgroups(root, name, false);
            return v1.tryCreate("v1") ? Optional.of(v1) : Optional.empty();
        }
        Path controllers = root.resolve("cgroup.controllers");
        try {
            if (Files.exists(controllers) && Files.readString(controllers).contains("memory")
                    && Files.readString(controllers).contains("pids")) {
                Cgroups v2 = new Cgroups(root, name, true);
                Files.writeString(root.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
                Files.createDirectories(root.resolve(name));
                Files.writeString(root.resolve(name).resolve("cgroup.subtree_control"), "+memory +pids +cpu");
                return v2.tryCreate("v2") ? Optional.of(v2) : Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cgroup v2 at {} is not usable: {}", root, e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Stops the processes an earlier run left in its groups, then removes the groups (after a kill -9 nobody did).
     * Such a process was caught starting when the platform died: it had joined its group, the first thing it does,
     * but not yet armed its parent-death signal, and no run record names it (one is written once the start returns),
     * so it would live on, reparented to init. The groups are this data directory's only.
     */
    void removeLeftovers() {
        List<Path> groups = new ArrayList<>();
        for (Path parent : parents()) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (var each = Files.newDirectoryStream(parent, Files::isDirectory)) {
                each.forEach(groups::add);
            } catch (IOException e) {
                log.debug("cannot list {}: {}", parent, e.getMessage());
            }
        }
        List<ProcessHandle> left = groups.stream().flatMap(group -> members(group).stream()).distinct()
                .flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
        if (!left.isEmpty()) {
            log.warn("stopping {} process(es) an earlier run left in its sandbox groups", left.size());
            left.forEach(ProcessHandle::destroyForcibly);
            try {
                CompletableFuture.allOf(left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                        .get(LEFTOVER_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("processes an earlier run left did not all end within {}", LEFTOVER_EXIT_WAIT);
            }
        }
        groups.forEach(Cgroups::removeDir); // a group that still holds a process cannot be removed and stays
    }

    /** The processes in a group (its cgroup.procs), or none when it cannot be read. */
    private static List<Long> members(Path group) {
        try {
            return Files.readAllLines(group.resolve("cgroup.procs")).stream().map(String::strip)
                    .filter(line -> !line.isEmpty()).map(Long::parseLong).toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    /**
     * Removes this platform's groups and their parents, at its shutdown: a replica stopped while the platform exits
     * may never get to remove its own group, and a platform run on a new data directory never cleans up after an old
     * one. A group that still holds a process stays, and so does its parent.
     */
    void removeAll() {
        removeLeftovers();
        parents().forEach(Cgroups::removeDir);
    }

    private List<Path> parents() {
        return unified ? List.of(root.resolve(name))
                : List.of(root.resolve("memory").resolve(name), root.resolve("pids").resolve(name),
                        root.resolve("cpu").resolve(name));
    }

    private boolean tryCreate(String version) {
        try {
            Group probe = create("probe-" + ProcessHandle.current().pid(), new Limits(64L << 20, 8, 0));
            probe.remove();
            removeLeftovers();
            log.info("cgroup {} limits available under {}", version, root);
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("cgroup {} under {} is not writable: {}", version, root, e.getMessage());
            return false;
        }
    }

    Group create(String id, Limits limits) throws IOException {
        return unified ? createV2(id, limits) : createV1(id, limits);
    }

    private Group createV1(String id, Limits limits) throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory").resolve(name).resolve(id));
        Path pids = Files.createDirectories(root.resolve("pids").resolve(name).resolve(id));
        List<Path> dirs = new ArrayList<>(List.of(memory, pids));
        if (limits.memoryBytes() > 0) {
            Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
            writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(limits.memoryBytes()));
        }
        if (limits.processes() > 0) {
            Files.writeString(pids.resolve("pids.max"), Integer.toString(limits.processes()));
        }
        Path cpuRoot = root.resolve("cpu");
        if (limits.cpuMillis() > 0 && Files.exists(cpuRoot.resolve("cpu.cfs_quota_us"))) {
            Path cpu = Files.createDirectories(cpuRoot.resolve(name).resolve(id));
            Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000");
            Files.writeString(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuMillis() * 100));
            dirs.add(cpu);
        }
        return new Group() {
            @Override
            public List<Path> procsFiles() {
                return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
            }

            @Override
            public boolean oomKilled() {
                return counter(memory.resolve("memory.oom_control"), "oom_kill") > 0;
            }

            @Override
            public boolean pidsLimitHit() {
                return counter(pids.resolve("pids.events"), "max") > 0;
            }

            @Override
            public boolean atMemoryLimit() {
                return atLimit(number(memory.resolve("memory.usage_in_bytes")),
                        counter(memory.resolve("memory.stat"), "total_inactive_file"),
                        number(memory.resolve("memory.limit_in_bytes")));
            }

            @Override
            public void remove() {
                dirs.forEach(Cgroups::removeDir);
            }

            @Override
            public void limitMemory(long bytes) throws IOException {
                Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(bytes));
                writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(bytes));
            }
        };
    }

    private Group createV2(String id, Limits limits) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve(id));
        if (limits.memoryBytes() > 0) {
            Files.writeString(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            writeIfPresent(dir.resolve("memory.swap.max"), "0");
        }
        if (limits.processes() > 0) {
            Files.writeString(dir.resolve("pids.max"), Integer.toString(limits.processes()));
        }
        if (limits.cpuMillis() > 0) {
            writeIfPresent(dir.resolve("cpu.max"), (limits.cpuMillis() * 100) + " 100000");
        }
        return new Group() {
            @Override
            public List<Path> procsFiles() {
                return List.of(dir.resolve("cgroup.procs"));
            }

            @Override
            public boolean oomKilled() {
                return counter(dir.resolve("memory.events"), "oom_kill") > 0;
            }

            @Override
            public boolean pidsLimitHit() {
                return counter(dir.resolve("pids.events"), "max") > 0;
            }

            @Override
            public boolean atMemoryLimit() {
                return atLimit(number(dir.resolve("memory.current")), counter(dir.resolve("memory.stat"), "inactive_file"),
                        number(dir.resolve("memory.max")));
            }

            @Override
            public void remove() {
                removeDir(dir);
            }

            @Override
            public void limitMemory(long bytes) throws IOException {
                Files.writeString(dir.resolve("memory.max"), Long.toString(bytes));
            }
        };
    }

    private static void writeIfPresent(Path file, String value) {
        if (Files.exists(file)) {
            try {
                Files.writeString(file, value);
            } catch (IOException e) {
                log.debug("cannot set {}: {}", file, e.getMessage());
            }
        }
    }

    /**
     * Whether a group uses its whole memory limit: its working set (usage less the inactive file cache, which the
     * kernel reclaims first: what kubelet calls working set) within 1/16 of the limit. A process thrashing at its
     * limit sits there; one that merely read files does not, as its cache is mostly inactive.
     */
    static boolean atLimit(long usage, long inactiveFile, long limit) {
        if (limit <= 0 || usage <= 0) {
            return false;
        }
        return usage - Math.min(inactiveFile, usage) >= limit - limit / 16;
    }

    /** A single-number cgroup file; 0 when absent or {@code max} (no limit). */
    static long number(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.equals("max") ? 0 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The value of {@code key} in a flat-keyed cgroup file ({@code key value} per line); 0 when absent. */
    static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return Long.parseLong(parts[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static void removeDir(Path dir) {
        try {
            Files.deleteIfExists(dir); // rmdir: the kernel removes the control files with it
        } catch (IOException e) {
            log.debug("cannot remove cgroup {}: {}", dir, e.getMessage());
        }
    }
}
