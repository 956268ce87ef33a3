package dev.nubo.controller.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSpawnerTest {

    private final ProcessSpawner spawner = new ProcessSpawner();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        spawner.close();
    }

    @Test
    void aChildGetsExactlyTheEnvironmentItIsGivenAndNothingOfThePlatforms() throws Exception {
        Process child = spawner.start(List.of("/usr/bin/env"), Map.of("ONLY", "this"), dir);

        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(output.lines()).containsExactly("ONLY=this");
    }

    @Test
    void aChildLeadsItsOwnSessionSoStoppingItReachesWhatItStarted() throws Exception {
        Process child = spawner.start(List.of("/bin/sh", "-c", "sleep 600 & sleep 600"), Map.of("PATH", "/usr/bin:/bin"),
                dir);
        try {
            // setpriv and setsid exec into the command: the same pid ends up leading its own session
            org.awaitility.Awaitility.await().until(() -> sessionOf(child.pid()) == child.pid());
            org.awaitility.Awaitility.await().until(() -> ProcessSessions.members(child.pid()).size() >= 3);

            ProcessSessions.signal(child.pid(), ProcessSessions.Signal.KILL);

            org.awaitility.Awaitility.await().until(() -> ProcessSessions.members(child.pid()).isEmpty());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aChildRunsBelowThePlatformsCpuPrioritySoThePlatformStaysResponsive() throws Exception {
        try (ProcessSpawner lowered = new ProcessSpawner(10)) {
            Process child = lowered.start(List.of("/bin/sh", "-c", "exec sleep 600"), Map.of("PATH", "/usr/bin:/bin"), dir);
            try {
                // the wrappers exec one into the next: once the pid runs sleep, nice has been applied
                org.awaitility.Awaitility.await().until(() -> Files.readString(Path.of("/proc", Long.toString(child.pid()),
                        "comm")).strip().equals("sleep"));
                assertThat(statField(child.pid(), 19) - statField(ProcessHandle.current().pid(), 19)).isEqualTo(10);
                // its own session is its own scheduling group where the kernel groups by session: lowered too, or
                // the nice above would count only inside that group
                Path autogroup = Path.of("/proc", Long.toString(child.pid()), "autogroup");
                if (Files.exists(autogroup)) {
                    assertThat(Files.readString(autogroup)).endsWith("nice 10\n")
                            .isNotEqualTo(Files.readString(Path.of("/proc/self/autogroup")));
                }
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void aChildWhoseParentIsNoLongerThePlatformStopsBeforeRunningItsCommand() throws Exception {
        List<String> wrapped = spawner.wrap(List.of("/bin/echo", "ran"));
        // a shell between the platform and the child: the child finds another parent, as when the platform died
        // while it started
        List<String> viaShell = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "\"$@\"; echo exit=$?", "sh"));
        viaShell.addAll(wrapped);
        Process orphanLike = new ProcessBuilder(viaShell).redirectErrorStream(true).start();
        Process direct = new ProcessBuilder(wrapped).redirectErrorStream(true).start();

        assertThat(new String(orphanLike.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("exit=70");
        assertThat(new String(direct.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("ran");
    }

    /**
     * The spawning thread outlives close: its exit is what kills the children (parent-death signal), and one that
     * exited while a child was still starting let that child live on under init, past the platform's end. After close
     * nothing new starts, and a child started before is still this JVM's child, to be stopped by the platform's
     * shutdown or killed when the JVM exits.
     */
    @Test
    void aClosedSpawnerStartsNothingMoreAndItsChildrenStayItsOwn() throws Exception {
        try (ProcessSpawner closing = new ProcessSpawner()) {
            Process child = closing.start(List.of("/bin/sh", "-c", "exec sleep 600"), Map.of("PATH", "/usr/bin:/bin"),
                    dir);
            try {
                org.awaitility.Awaitility.await().until(() -> Files.readString(Path.of("/proc",
                        Long.toString(child.pid()), "comm")).strip().equals("sleep"));

                closing.close();

                org.assertj.core.api.Assertions.assertThatThrownBy(() -> closing.start(List.of("/bin/true"), Map.of(),
                        dir)).isInstanceOf(java.io.IOException.class).hasMessageContaining("shutting down");
                org.awaitility.Awaitility.await("still alive a while after close").during(java.time.Duration.ofMillis(500))
                        .atMost(java.time.Duration.ofSeconds(5)).until(child::isAlive);
                assertThat(statField(child.pid(), 4)).as("its parent").isEqualTo(ProcessHandle.current().pid());
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** Field {@code number} of /proc/pid/stat as proc(5) counts them (19 = nice). */
    private static long statField(long pid, int number) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[number - 3]);
    }

    private static long sessionOf(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}
