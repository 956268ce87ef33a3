package dev.nubo.controller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.nubo.controller.TestRuntimes;
import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.process.ProcessSpawner;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.Resources;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.runtime.RuntimeCommands;
import dev.nubo.core.source.Checksums;
import dev.nubo.core.testing.FunctionSpecBuilder;

/** Real processes under the real sandbox of this machine (bubblewrap, cgroups), started as replicas are. */
class SandboxTest {

    @TempDir
    Path dir;

    private final ProcessSpawner spawner = new ProcessSpawner();
    private final List<Confinement> confinements = new ArrayList<>();
    private Sandbox sandbox;

    @BeforeEach
    void open() throws IOException {
        // like a data directory: others may enter it (the sandbox user walks down to the function's files)
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        sandbox = new Sandbox(new SandboxProperties(true, Path.of("/usr/bin/bwrap"), Path.of("/sys/fs/cgroup"),
                "nubo-test", 61000, 61000, "128Mi", 32, 64, DataSize.ofMegabytes(4),
                List.of("/usr", "/etc/ld.so.cache"), List.of(), true, List.of(53)), Path.of("/usr"), dir);
    }

    @AfterEach
    void close() {
        spawner.close();
        confinements.forEach(Confinement::release);
        sandbox.close();
    }

    record Result(int exit, String output, Confinement confinement) {
    }

    /** Runs a Python program as the replica of a function with {@code memory} as its limit. */
    private Result replica(String program, String memory) throws Exception {
        Running running = start(program, memory);
        Process process = running.process();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.onExit().get(60, TimeUnit.SECONDS);
        return new Result(process.exitValue(), output, running.confinement());
    }

    record Running(Process process, Confinement confinement) {
    }

    /** Starts a Python program as the replica of a function with {@code memory} as its limit. */
    private Running start(String program, String memory) throws Exception {
        String name = "fn-" + UUID.randomUUID().toString().substring(0, 8);
        var runtime = TestRuntimes.shell(dir, "", null);
        Path code = Files.createDirectories(dir.resolve(name).resolve("code"));
        Files.writeString(code.resolve("main.py"), program);
        Files.writeString(code.resolve("main.sh"), "exec /usr/bin/python3 -S main.py\n");
        Path deps = Files.createDirectories(dir.resolve(name).resolve("deps"));
        Path build = Files.createDirectories(dir.resolve(name).resolve("build"));
        BuiltFunction built = new BuiltFunction(1, runtime, code, deps, build,
                new RuntimeCommands(runtime, code, deps, build, dir.resolve("cache"), Path.of("/usr")));
        Function function = Function.of(ObjectMeta.named("ns", name), FunctionSpecBuilder.spec("shell1", "main.handler",
                FunctionSource.inline("")).timeoutSeconds(30).resources(new Resources(memory, null)).build());
        Sandbox.Confined confined = sandbox.replica(function, built, UUID.randomUUID().toString(), Map.of());
        confinements.add(confined.confinement());
        return new Running(spawner.start(confined.command(), Map.of("PATH", "/usr/bin:/bin"), code),
                confined.confinement());
    }

    @Test
    void aReplicaSeesItsOwnFilesOnlyWritesNothingAndRunsAsNobody() throws Exception {
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("secret.txt"), "secret");

        Result result = replica("""
                import os
                def attempt(label, action):
                    try:
                        action(); print(label, "ALLOWED")
                    except OSError as e:
                        print(label, "refused", type(e).__name__)
                print("uid", os.getuid())
                attempt("read-data", lambda: open(%s).read())
                attempt("write-code", lambda: open("main2.py", "w").write("x"))
                attempt("write-tmp", lambda: open("/tmp/scratch", "w").write("x"))
                print("root", sorted(os.listdir("/")))
                print("proc", sorted(p for p in os.listdir("/proc") if p.isdigit()))
                """.formatted("'" + secret + "'"), null);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("uid 61000").contains("read-data refused FileNotFoundError")
                .contains("write-code refused OSError").contains("write-tmp ALLOWED")
                .contains("root ['bin', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sbin', 'tmp', 'usr']")
                .as("only its own processes: the sandbox's init, the shell's exec, itself")
                .containsPattern("proc \\['1', '2'(, '3')?\\]");
    }

    @Test
    void aBuildStepWritesOnlyItsOwnOutputAndSeesNeitherTheDataDirectoryNorThePlatform() throws Exception {
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("secret.txt"), "secret");
        Path code = Files.createDirectories(dir.resolve("fn-build").resolve("code"));
        Path deps = Files.createDirectories(dir.resolve("fn-build").resolve("deps"));
        Path scratch = Files.createDirectories(dir.resolve("fn-build").resolve("scratch"));
        String program = """
                import os
                def attempt(label, action):
                    try:
                        action(); print(label, "ALLOWED")
                    except OSError as e:
                        print(label, "refused", type(e).__name__)
                attempt("read-data", lambda: open(%s).read())
                attempt("read-environ", lambda: open("/proc/%d/environ").read())
                attempt("write-code", lambda: open(%s, "w").write("x"))
                attempt("write-deps", lambda: open(%s, "w").write("x"))
                print("proc", sorted(p for p in os.listdir("/proc") if p.isdigit()))
                """.formatted("'" + secret + "'", ProcessHandle.current().pid(), "'" + code.resolve("x") + "'",
                "'" + deps.resolve("installed") + "'");
        Sandbox.Confined confined = sandbox.build(List.of("/usr/bin/python3", "-S", "-c", program), code, List.of(code),
                List.of(deps), scratch, UUID.randomUUID().toString());
        confinements.add(confined.confinement());
        Process process = spawner.start(confined.command(), Map.of("PATH", "/usr/bin:/bin"), code);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.onExit().get(60, TimeUnit.SECONDS);

        assertThat(output).contains("read-data refused FileNotFoundError").contains("read-environ refused")
                .contains("write-code refused OSError").contains("write-deps ALLOWED")
                .containsPattern("proc \\['1', '2'(, '3')?\\]");
        assertThat(deps.resolve("installed")).exists();
        assertThat(code.resolve("x")).doesNotExist();
    }

    @Test
    void aReplicaCannotConnectToThisMachinesOwnPortsButIsReachedItself() throws Exception {
        try (java.net.ServerSocket platformPort = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            Result result = replica("""
                    import socket
                    for port in (%d, 5432):
                        try:
                            socket.create_connection(("127.0.0.1", port), timeout=2).close()
                            print(port, "REACHED")
                        except OSError as e:
                            print(port, "refused", e.errno)
                    """.formatted(platformPort.getLocalPort()), null);

            assertThat(result.output()).contains(platformPort.getLocalPort() + " refused").contains("5432 refused")
                    .doesNotContain("REACHED");
        }
    }

    @Test
    void aReplicaOverItsMemoryLimitIsKilledAndTheConfinementSaysWhy() throws Exception {
        Result result = replica("x = []\nwhile True:\n    x.append(bytearray(1 << 20))\n", "64Mi");

        assertThat(result.exit()).isNotZero();
        assertThat(result.confinement().oomKilled()).isTrue();
    }

    @Test
    void anOomKillIsStillKnownAfterTheGroupIsReleased() throws Exception {
        Result result = replica("x = []\nwhile True:\n    x.append(b'x' * (8 << 20))\n", "64Mi");

        // a pool server's exit is seen by the pool (which releases the group) and the rollout (which asks why), on
        // two threads: the one that asks second must still hear "OOM", not take exit 137 for a crash
        result.confinement().release();

        assertThat(result.exit()).isEqualTo(128 + 9);
        assertThat(result.confinement().oomKilled()).isTrue();
        assertThat(result.confinement().pidsLimitHit()).isFalse();
    }

    @Test
    void closingTheSandboxRemovesTheGroupsItsReplicasLeft() throws Exception {
        String group = "nubo-test-" + Checksums.sha256(dir.toAbsolutePath().normalize().toString()).substring(0, 8);
        List<Path> parents = List.of(Path.of("/sys/fs/cgroup/memory", group), Path.of("/sys/fs/cgroup/pids", group));
        assumeThat(parents.get(0)).as("cgroup v1 limits on this machine").isDirectory();
        // a replica that exited while the platform shut down: nobody released its group
        assertThat(replica("print('bye')\n", "64Mi").exit()).isZero();
        try (var groups = Files.list(parents.get(0))) {
            assertThat(groups.filter(Files::isDirectory)).isNotEmpty();
        }

        sandbox.close();

        assertThat(parents).allSatisfy(parent -> assertThat(parent).doesNotExist());
    }

    /**
     * A kill -9 of the platform can catch a replica starting: it has joined its group but not yet armed its
     * parent-death signal, and no run record names it. The next run finds it in its sandbox groups and stops it.
     */
    @Test
    void theNextRunStopsAReplicaAnEarlierRunLeftInItsGroups() throws Exception {
        Running left = start("import time\ntime.sleep(3600)\n", "64Mi");
        String group = "nubo-test-" + Checksums.sha256(dir.toAbsolutePath().normalize().toString()).substring(0, 8);
        Path memoryGroups = Path.of("/sys/fs/cgroup/memory", group);
        assumeThat(memoryGroups).as("cgroup v1 limits on this machine").isDirectory();
        await().atMost(Duration.ofSeconds(10)).until(() -> !members(memoryGroups).isEmpty()); // it joined its group

        Sandbox nextRun = new Sandbox(new SandboxProperties(true, Path.of("/usr/bin/bwrap"), Path.of("/sys/fs/cgroup"),
                "nubo-test", 61000, 61000, "128Mi", 32, 64, DataSize.ofMegabytes(4),
                List.of("/usr", "/etc/ld.so.cache"), List.of(), true, List.of(53)), Path.of("/usr"), dir);
        try {
            assertThat(left.process().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            try (var groups = Files.list(memoryGroups)) {
                assertThat(groups.filter(Files::isDirectory)).as("the earlier run's groups").isEmpty();
            }
        } finally {
            nextRun.close();
        }
    }

    /** The processes in the groups under {@code parent}. */
    private static List<String> members(Path parent) throws IOException {
        List<String> members = new ArrayList<>();
        try (var groups = Files.list(parent)) {
            for (Path group : groups.filter(Files::isDirectory).toList()) {
                members.addAll(Files.readAllLines(group.resolve("cgroup.procs")));
            }
        }
        return members;
    }

    @Test
    void aReplicaHoldingItsWholeMemoryLimitIsSeenAtTheLimit() throws Exception {
        // 60 MiB of touched memory under a 64 MiB limit: at the limit, not over it (what a thrashing replica shows)
        Running full = start("""
                def anon():
                    for line in open("/proc/self/status"):
                        if line.startswith("RssAnon:"):
                            return int(line.split()[1]) * 1024
                hoard = []
                while anon() < (60 << 20):
                    hoard.append(b"x" * (1 << 20))
                print("holding", flush=True)
                import time
                time.sleep(60)
                """, "64Mi");
        Running small = start("import time\nprint('holding', flush=True)\ntime.sleep(60)\n", "64Mi");
        try {
            for (Running running : List.of(full, small)) {
                String first = new java.io.BufferedReader(new java.io.InputStreamReader(
                        running.process().getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertThat(first).isEqualTo("holding");
            }

            assertThat(full.confinement().atMemoryLimit()).isTrue();
            assertThat(full.confinement().oomKilled()).isFalse();
            assertThat(small.confinement().atMemoryLimit()).isFalse();
        } finally {
            full.process().destroyForcibly();
            small.process().destroyForcibly();
        }
    }

    @Test
    void aForkBombStopsAtTheProcessLimitAndIsSeen() throws Exception {
        Result result = replica("""
                import os, time
                children = 0
                try:
                    while True:
                        if os.fork() == 0:
                            time.sleep(3); os._exit(0)
                        children += 1
                except OSError:
                    print("stopped after", children, flush=True)
                """, null);

        assertThat(result.output()).contains("stopped after");
        assertThat(Integer.parseInt(result.output().replaceAll("(?s).*stopped after (\\d+).*", "$1")))
                .isLessThan(32);
        assertThat(result.confinement().pidsLimitHit()).isTrue();
        assertThat(result.confinement().oomKilled()).isFalse();
    }

    @Test
    void aFullTmpIsTheReplicasOwnProblem() throws Exception {
        Result result = replica("""
                try:
                    open("/tmp/fill", "wb").write(b"x" * (10 << 20))
                    print("wrote 10 MiB")
                except OSError as e:
                    print("tmp full:", e.errno)
                """, null);

        assertThat(result.output()).contains("tmp full: 28");
    }

    @Test
    void theConditionTellsHowAFunctionIsConfined() {
        Function function = Function.of(ObjectMeta.named("ns", "fn"), FunctionSpecBuilder.spec("shell1", "main.handler",
                FunctionSource.inline("")).timeoutSeconds(30).resources(new Resources("64Mi", "500m")).build());

        assertThat(sandbox.condition(function).isTrue()).isTrue();
        assertThat(sandbox.condition(function).message()).contains("memory 64Mi").contains("32 processes")
                .contains("cpu 500m").contains("an unprivileged user").contains("64 open files")
                .contains("no connections to this machine's own ports");
        assertThat(Sandbox.disabled().condition(function).isTrue()).isFalse();
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void withoutBubblewrapFunctionsRunUnconfinedButLoudlyAndTheirConditionSaysWhy(
            org.springframework.boot.test.system.CapturedOutput output) {
        Path missing = dir.resolve("no-bwrap");
        Sandbox without = new Sandbox(new SandboxProperties(true, missing, Path.of("/sys/fs/cgroup"), "nubo-test",
                61000, 61000, "128Mi", 32, 64, DataSize.ofMegabytes(4), List.of("/usr"), List.of(), true, List.of(53)),
                Path.of("/usr"), dir);
        Function function = Function.of(ObjectMeta.named("ns", "fn"), FunctionSpecBuilder.spec("shell1", "main.handler",
                FunctionSource.inline("")).timeoutSeconds(30).build());

        assertThat(output.getAll()).contains("*** FUNCTIONS ARE NOT SANDBOXED: " + missing + " is not installed");
        var condition = without.condition(function);
        assertThat(condition.isTrue()).isFalse();
        assertThat(condition.reason()).isEqualTo(dev.nubo.core.function.FunctionConditions.REASON_UNCONFINED);
        assertThat(condition.message()).contains(missing + " is not installed");
        assertThat(without.replicaUid()).as("nothing pretends to confine").isNull();
        assertThat(without.processLimit()).isZero();
    }
}
