package dev.nubo.controller.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.Quantities;
import dev.nubo.core.model.Condition;

/**
 * Confines function processes: every replica and every build step runs under bubblewrap (its own mount, PID, IPC
 * and UTS namespaces, no capabilities, a private size-limited /tmp, and a filesystem of the system paths plus its own
 * code and dependencies, read-only — no data directory, no other function, no platform /proc or environment), as an
 * unprivileged user when the platform is root, in its own cgroup for memory, process-count and CPU limits, with an
 * open-file limit. What this machine cannot do is found once at start; a missing part is logged loudly and shown in
 * every function's {@code Sandboxed} condition, never silently skipped.
 */
public class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final int BUILD_PROCESSES = 4096;

    private final SandboxProperties properties;
    private final List<Path> systemPaths;
    private final boolean confines;
    private final String unavailable;
    private final Optional<Cgroups> cgroups;
    private final String dropTo;
    /** Why replicas can reach this machine's own ports, or null when they cannot. */
    private final String loopbackOpen;
    /** The gateway ports this platform opened in the shared firewall chain, closed again on {@link #close()}. */
    private final List<Integer> openedPorts;

    public Sandbox(SandboxProperties properties, Path javaHome, Path dataDir) {
        this(properties, javaHome, dataDir, List.of());
    }

    /** @param gatewayPorts local ports replicas may reach besides the allowed ones: the gateway, for calling functions */
    public Sandbox(SandboxProperties properties, Path javaHome, Path dataDir, List<Integer> gatewayPorts) {
        this.properties = properties;
        List<Path> system = new ArrayList<>(properties.systemPaths().stream().map(Path::of).filter(Files::exists).toList());
        if (!javaHome.startsWith("/usr")) {
            system.add(javaHome); // the Java runtime runs on the platform's JDK
        }
        this.systemPaths = List.copyOf(system);
        this.unavailable = properties.enabled() ? check(properties.bwrap()) : "disabled by nubo.sandbox.enabled=false";
        this.confines = unavailable == null;
        // one group per data directory: a platform cleans up only what its own earlier runs left
        String group = properties.cgroupName() + "-" + dev.nubo.core.source.Checksums
                .sha256(dataDir.toAbsolutePath().normalize().toString()).substring(0, 8);
        this.cgroups = confines ? Cgroups.detect(properties.cgroupRoot(), group) : Optional.empty();
        String blocked = firstNotTraversable(dataDir);
        this.dropTo = confines && isRoot() && blocked == null ? properties.uid() + ":" + properties.gid() : null;
        if (confines && isRoot() && blocked != null) {
            log.warn("the data directory lies under {}, which only its owner may enter: replicas run as nobody inside"
                    + " their sandbox but as root outside it. Give {} the permission to enter (chmod o+x) for the"
                    + " stronger setting", blocked, blocked);
        }
        this.openedPorts = dropTo != null && properties.isolateLoopback() ? List.copyOf(gatewayPorts) : List.of();
        if (dropTo == null) {
            this.loopbackOpen = confines ? "replicas run as the platform's user" : unavailable;
        } else if (!properties.isolateLoopback()) {
            this.loopbackOpen = "disabled by nubo.sandbox.isolate-loopback=false";
        } else {
            List<Integer> allowed = new ArrayList<>(properties.loopbackAllowedPorts());
            allowed.addAll(gatewayPorts);
            this.loopbackOpen = LoopbackGuard.install(properties.uid(), allowed);
        }
        if (confines && loopbackOpen != null) {
            log.warn("*** replicas can connect to this machine's own ports (the API, the database, Kafka, other"
                    + " replicas): {}. Install iptables (apt-get install iptables) and run the platform as root ***",
                    loopbackOpen);
        }
        if (!confines) {
            log.warn("*** FUNCTIONS ARE NOT SANDBOXED: {}. Every function runs with the platform's rights: it can read"
                    + " the data directory and reach the platform's ports. Install bubblewrap (apt-get install"
                    + " bubblewrap). ***", unavailable);
        } else if (cgroups.isEmpty()) {
            log.warn("*** no writable cgroups under {}: functions are sandboxed but their memory, process and CPU"
                    + " limits are not enforced (open files are) ***", properties.cgroupRoot());
        }
    }

    @Override
    public void close() {
        if (!openedPorts.isEmpty() && loopbackOpen == null) {
            LoopbackGuard.release(openedPorts);
        }
        cgroups.ifPresent(Cgroups::removeAll); // closed after the replicas stopped (the supervisor depends on it)
    }

    /** A sandbox that confines nothing (functions' status says so): for tests of what runs inside. */
    public static Sandbox disabled() {
        return new Sandbox(new SandboxProperties(false, Path.of("/usr/bin/bwrap"), Path.of("/sys/fs/cgroup"), "nubo",
                61000, 61000, "512Mi", 256, 1024, org.springframework.util.unit.DataSize.ofMegabytes(64), List.of(),
                List.of(), false, List.of()),
                Path.of("/usr"), Path.of("/"));
    }

    /** The user replicas run as on this machine, when they do not run as the platform's user; else null. */
    public Integer replicaUid() {
        return dropTo == null ? null : properties.uid();
    }

    /** Processes and threads one replica may run, or 0 when nothing limits them (no sandbox, no pids cgroup). */
    public int processLimit() {
        return confines && cgroups.isPresent() ? properties.maxProcesses() : 0;
    }

    /** Why processes run unconfined, or null when they are confined. */
    public String unavailableReason() {
        return unavailable;
    }

    /** A command and what confines it. */
    public record Confined(List<String> command, Confinement confinement) {
    }

    /**
     * A replica of {@code function}: reads its code, dependencies and build output and the runtime, and the
     * {@code mounts} (host directory → path inside, read-only), writes nothing but its /tmp.
     *
     * @throws IOException also when there are mounts but no sandbox to put them in
     */
    public Confined replica(Function function, BuiltFunction built, String instanceId, Map<Path, Path> mounts)
            throws IOException {
        List<String> command = built.commands().start();
        if (!confines) {
            if (!mounts.isEmpty()) {
                throw new IOException("the function mounts secrets as files, which needs the sandbox (" + unavailable
                        + "); use env instead, or install bubblewrap");
            }
            return new Confined(command, Confinement.NONE);
        }
        List<Path> readOnly = existing(built.codeDir(), built.depsDir(), built.buildDir(), built.runtime().runtimeDir());
        Cgroups.Limits limits = new Cgroups.Limits(memoryBytes(function), properties.maxProcesses(),
                cpuMillis(function));
        return confine(command, readOnly, List.of(), built.codeDir(), true, dropTo,
                properties.uid() + ":" + properties.gid(), instanceId, limits, null, mounts);
    }

    /**
     * The one directory of a pool server's slot it may write: the function's log is linked into it at specialization
     * (the server reopens its output onto it), the rest of the slot is read-only.
     */
    public static final String POOL_OUTPUT_DIR = "out";

    /**
     * A server of the warm pool: sees its runtime and its slot directory (into which a function's code and
     * dependencies are linked when it is specialized), read-only; the default memory limit until a function sets its
     * own ({@link Confinement#limitMemory}).
     */
    public Confined pooled(List<String> command, Path runtimeDir, Path slot, String instanceId) throws IOException {
        if (!confines) {
            return new Confined(command, Confinement.NONE);
        }
        Cgroups.Limits limits = new Cgroups.Limits(Quantities.bytes(properties.defaultMemory()),
                properties.maxProcesses(), 0);
        return confine(command, existing(slot, runtimeDir), existing(slot.resolve(POOL_OUTPUT_DIR)), slot, true, dropTo,
                properties.uid() + ":" + properties.gid(), instanceId, limits, null, Map.of());
    }

    /** The memory limit a function's replicas get. */
    public long memoryLimit(Function function) {
        return memoryBytes(function);
    }

    /**
     * A build step: reads {@code readOnly} (and the configured build paths, such as a package mirror), writes
     * {@code writable}, has {@code scratch} as its /tmp (compilers need more room than a replica's small /tmp), and
     * may use the network (package registries).
     */
    public Confined build(List<String> command, Path workingDir, List<Path> readOnly, List<Path> writable,
            Path scratch, String instanceId) throws IOException {
        if (!confines) {
            return new Confined(command, Confinement.NONE);
        }
        List<Path> reads = new ArrayList<>(readOnly);
        properties.buildReadPaths().forEach(p -> reads.add(Path.of(p)));
        return confine(command, existing(reads.toArray(Path[]::new)), existing(writable.toArray(Path[]::new)),
                workingDir, true, null, null, instanceId, new Cgroups.Limits(0, BUILD_PROCESSES, 0), scratch, Map.of());
    }

    private Confined confine(List<String> command, List<Path> readOnly, List<Path> writable, Path workingDir,
            boolean shareNetwork, String user, String insideUser, String id, Cgroups.Limits limits, Path scratch,
            Map<Path, Path> mounts) throws IOException {
        Confinement confinement = Confinement.NONE;
        List<Path> procs = List.of();
        if (cgroups.isPresent()) {
            Cgroups.Group group = cgroups.get().create(id, limits);
            procs = group.procsFiles();
            confinement = new GroupConfinement(group);
        }
        SandboxCommand.Plan plan = new SandboxCommand.Plan(readOnly, writable, systemPaths, workingDir, shareNetwork,
                properties.tmpSize().toBytes(), scratch, properties.maxOpenFiles(), procs, user, insideUser, mounts);
        return new Confined(SandboxCommand.wrap(properties.bwrap(), plan, command), confinement);
    }

    /**
     * A process's cgroup. Its verdicts are noted when the group is removed: a pool server's exit is watched twice (by
     * the pool, which releases its group, and by the replica's rollout, which asks why it died) on two threads, and
     * an OOM kill read after the removal looked like a plain crash (exit 137, "ReplicaCrashed").
     */
    private static final class GroupConfinement implements Confinement {

        private final Cgroups.Group group;
        private boolean released;
        private boolean oomKilled;
        private boolean pidsLimitHit;

        GroupConfinement(Cgroups.Group group) {
            this.group = group;
        }

        @Override
        public synchronized boolean oomKilled() {
            return released ? oomKilled : group.oomKilled();
        }

        @Override
        public synchronized boolean pidsLimitHit() {
            return released ? pidsLimitHit : group.pidsLimitHit();
        }

        @Override
        public synchronized boolean atMemoryLimit() {
            return !released && group.atMemoryLimit();
        }

        @Override
        public synchronized void release() {
            if (!released) {
                oomKilled = group.oomKilled();
                pidsLimitHit = group.pidsLimitHit();
                released = true;
            }
            group.remove(); // again on a second release: a group still emptying the first time may go now
        }

        @Override
        public void limitMemory(long bytes) {
            try {
                group.limitMemory(bytes);
            } catch (IOException e) {
                log.warn("cannot set a memory limit of {} bytes: {}", bytes, e.getMessage());
            }
        }
    }

    /** The {@code Sandboxed} condition every function shows: how it is confined, or why it is not. */
    public Condition condition(Function function) {
        if (!confines) {
            return Condition.of(FunctionConditions.SANDBOXED, Condition.FALSE, FunctionConditions.REASON_UNCONFINED,
                    "not sandboxed (" + unavailable + "): the function runs with the platform's rights");
        }
        String limits = cgroups.isPresent()
                ? "memory " + memoryText(function) + ", " + properties.maxProcesses() + " processes"
                        + (cpuMillis(function) > 0 ? ", cpu " + function.spec().resources().cpu() : "")
                : "memory and process limits not enforced (no writable cgroups)";
        return Condition.of(FunctionConditions.SANDBOXED, Condition.TRUE, FunctionConditions.REASON_CONFINED,
                "bubblewrap: its own code and dependencies read-only, a private /tmp ("
                        + properties.tmpSize().toMegabytes() + " MiB), no view of the platform or other functions"
                        + (dropTo != null ? ", an unprivileged user" : ", an unprivileged user inside its namespace only")
                        + "; " + limits + ", "
                        + properties.maxOpenFiles() + " open files; "
                        + (loopbackOpen == null ? "no connections to this machine's own ports"
                                : "this machine's own ports are reachable (" + loopbackOpen + ")"));
    }

    private long memoryBytes(Function function) {
        String memory = function.spec().resources() == null || function.spec().resources().memory() == null
                ? properties.defaultMemory() : function.spec().resources().memory();
        return Quantities.bytes(memory);
    }

    private String memoryText(Function function) {
        return function.spec().resources() == null || function.spec().resources().memory() == null
                ? properties.defaultMemory() : function.spec().resources().memory();
    }

    private static long cpuMillis(Function function) {
        String cpu = function.spec().resources() == null ? null : function.spec().resources().cpu();
        return cpu == null ? 0 : Quantities.millicores(cpu);
    }

    private static List<Path> existing(Path... paths) {
        List<Path> found = new ArrayList<>();
        for (Path path : paths) {
            if (path != null && Files.exists(path) && !found.contains(path)) {
                found.add(path);
            }
        }
        return found;
    }

    /** Runs bubblewrap once: null when it confines a command here, else why not. */
    private static String check(Path bwrap) {
        if (!Files.isExecutable(bwrap)) {
            return bwrap + " is not installed";
        }
        try {
            Process probe = new ProcessBuilder(bwrap.toString(), "--unshare-all", "--share-net", "--die-with-parent",
                    "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                    "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "/usr/bin/true")
                    .redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes()).strip();
            if (!probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return "bubblewrap cannot create namespaces here: " + output;
            }
            return null;
        } catch (IOException e) {
            return "bubblewrap cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking bubblewrap";
        }
    }

    /**
     * The sandbox user must be able to walk down to the function directories that bubblewrap binds: the first
     * directory from the root to {@code path} that others may not enter, or null.
     */
    private static String firstNotTraversable(Path path) {
        Path current = path.toAbsolutePath().normalize();
        for (Path dir = current; dir != null; dir = dir.getParent()) {
            try {
                if (Files.isDirectory(dir) && !java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir)).endsWith("x")) {
                    return dir.toString();
                }
            } catch (IOException | UnsupportedOperationException e) {
                return dir.toString();
            }
        }
        return null;
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
