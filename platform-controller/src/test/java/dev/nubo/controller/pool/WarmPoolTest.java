package dev.nubo.controller.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import dev.nubo.controller.DataLayout;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.process.ChildProcesses;
import dev.nubo.controller.process.ProcessSpawner;
import dev.nubo.controller.process.RunRecords;
import dev.nubo.controller.replica.FreePorts;
import dev.nubo.controller.replica.HealthProbe;
import dev.nubo.controller.runtime.LocalRuntimeCatalog;
import dev.nubo.controller.sandbox.Sandbox;
import dev.nubo.controller.sandbox.SandboxProperties;
import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.core.runtime.RuntimeInfo;

/**
 * The warm pool's own lifecycle, with real processes: a pool server is a "runtime" that never answers its health
 * probe, so the pool is always still waiting for it to start — the moment at which closing the pool once left servers
 * running with their parent gone.
 */
class WarmPoolTest {

    /** In the servers' command lines: tells this test's servers from every other process. */
    private final String marker = "nubo-pool-test-" + UUID.randomUUID();
    private final ProcessSpawner spawner = new ProcessSpawner();

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private WarmPool pool;

    @AfterEach
    void cleanUp() {
        if (pool != null) {
            pool.close();
        }
        servers().forEach(ProcessHandle::destroyForcibly); // a failed test must not leave them running either
        spawner.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @ParameterizedTest(name = "sandboxed: {0}")
    @ValueSource(booleans = {false, true})
    void aServerStillStartingWhenThePoolClosesIsStopped(boolean sandboxed) throws IOException {
        pool = pool(sandboxed);
        pool.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> !servers().isEmpty());

        pool.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(servers()).as("pool servers alive after the pool closed").isEmpty());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var slots = Files.list(new DataLayout(dir.resolve("data")).pool())) {
                assertThat(slots.toList()).as("the servers' slots").isEmpty();
            }
        });
    }

    private WarmPool pool(boolean sandboxed) throws IOException {
        // like a data directory: the sandbox's user walks down to the server's slot
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        DataLayout layout = new DataLayout(dir.resolve("data"));
        Path javaHome = Path.of(System.getProperty("java.home"));
        sandbox = new Sandbox(new SandboxProperties(sandboxed, Path.of("/usr/bin/bwrap"), Path.of("/sys/fs/cgroup"),
                "nubo-test", 61000, 61000, "128Mi", 32, 64, DataSize.ofMegabytes(4),
                List.of("/usr", "/etc/ld.so.cache"), List.of(), true, List.of(53)),
                javaHome, layout.dataDir());
        InstalledRuntime silent = silentRuntime(Files.createDirectories(dir.resolve("silent-runtime")));
        return new WarmPool(new PoolProperties(true, 2, List.of("silent"), Duration.ZERO),
                new LocalRuntimeCatalog(List.of(silent), List.of(silent.descriptor())),
                new ChildProcesses(spawner, new RunRecords(layout.runRecords())), sandbox,
                new FreePorts("127.0.0.1"), new HealthProbe(Duration.ofSeconds(1)),
                new LocalFunctionLogs(layout.logs(), 1024 * 1024), layout, "127.0.0.1", javaHome, Clock.systemUTC());
    }

    /** An interpreted runtime whose server starts and never listens. */
    private InstalledRuntime silentRuntime(Path runtimeDir) {
        RuntimeDescriptor descriptor = new RuntimeDescriptor("silent", "silent", 1, null,
                new RuntimeDescriptor.Interpreter(List.of("/bin/sh"), List.of()), "sh", "deps.txt", List.of(),
                List.of(), List.of("/bin/sh", "-c", "sleep 3600; : " + marker), Map.of(), Map.of(), List.of(), false,
                List.of(), List.of());
        return new InstalledRuntime(new RuntimeInfo("silent1", "silent", "1", "deps.txt", "sh"), descriptor,
                runtimeDir, Path.of("/bin/sh"));
    }

    private List<ProcessHandle> servers() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(marker)).toList();
    }
}
