package dev.nubo.controller.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nubo.core.logs.FunctionLogs;

class LocalFunctionLogsTest {

    @TempDir
    Path dir;

    private final List<LocalFunctionLogs> opened = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void close() {
        processes.forEach(Process::destroyForcibly);
        opened.forEach(LocalFunctionLogs::close);
    }

    private LocalFunctionLogs logs(long maxBytes) {
        LocalFunctionLogs logs = new LocalFunctionLogs(dir, maxBytes, Duration.ofMillis(20), Duration.ofMillis(50));
        opened.add(logs);
        return logs;
    }

    /** A process whose output the OS appends to the function's log, as a replica's is. */
    private Process writer(LocalFunctionLogs logs, String script) throws Exception {
        Process process = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.file("ns", "fn").toFile())).start();
        processes.add(process);
        return process;
    }

    @Test
    void tailReturnsTheLastLinesInOrder() {
        LocalFunctionLogs logs = logs(1024 * 1024);
        IntStream.range(0, 50).forEach(i -> logs.note("ns", "fn", "line " + i));

        assertThat(logs.tail("ns", "fn", 3)).containsExactly("[nubo] line 47", "[nubo] line 48", "[nubo] line 49");
        assertThat(logs.tail("ns", "fn", 500)).hasSize(50);
        assertThat(logs.tail("ns", "other", 5)).isEmpty();
    }

    @Test
    void processesWriteTheirOutputIntoTheLogThemselves() throws Exception {
        LocalFunctionLogs logs = logs(1024 * 1024);
        logs.note("ns", "fn", "starting");

        writer(logs, "echo out 1; echo out 2 >&2").waitFor();

        assertThat(logs.tail("ns", "fn", 10)).containsExactly("[nubo] starting", "out 1", "out 2");
        assertThat(logs.lastOutput("ns", "fn", 5)).containsExactly("out 1", "out 2");
    }

    @Test
    void aNoteQuotingTheReplicasOutputIsThePlatformsOnEveryLineAndNotOutputAgain() throws Exception {
        LocalFunctionLogs logs = logs(1024 * 1024);
        writer(logs, "echo bad input").waitFor();
        logs.note("ns", "fn", "replica exited with code 7. Last output:\nbad input; restarting in 1 s");

        assertThat(logs.tail("ns", "fn", 10)).containsExactly("bad input",
                "[nubo] replica exited with code 7. Last output:", "[nubo] bad input; restarting in 1 s");
        assertThat(logs.lastOutput("ns", "fn", 5)).containsExactly("bad input");
    }

    @Test
    void followGivesTheBacklogThenExactlyTheNewLines() throws Exception {
        LocalFunctionLogs logs = logs(1024 * 1024);
        IntStream.range(0, 5).forEach(i -> logs.note("ns", "fn", "old " + i));
        List<String> backlog = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();

        FunctionLogs.Subscription subscription = logs.follow("ns", "fn", 3, backlog::addAll, seen::add);
        writer(logs, "echo new 1; echo new 2").waitFor();
        await().until(() -> seen.size() == 2);
        subscription.close();
        logs.note("ns", "fn", "after close");

        assertThat(backlog).containsExactly("[nubo] old 2", "[nubo] old 3", "[nubo] old 4");
        assertThat(seen).containsExactly("new 1", "new 2");
    }

    @Test
    void aLineIsHandedOverOnlyOnceItIsComplete() throws Exception {
        LocalFunctionLogs logs = logs(1024 * 1024);
        List<String> seen = new CopyOnWriteArrayList<>();
        logs.follow("ns", "fn", 0, lines -> { }, seen::add);

        writer(logs, "printf 'half'").waitFor();
        logs.note("ns", "fn", "marker");
        await().until(() -> !seen.isEmpty());

        assertThat(seen).containsExactly("half[nubo] marker");
    }

    @Test
    void rotatesBySizeWhileAProcessKeepsAppendingAndFollowersLoseNothing() throws Exception {
        LocalFunctionLogs logs = logs(4000);
        List<String> seen = new CopyOnWriteArrayList<>();
        logs.follow("ns", "fn", 0, lines -> { }, seen::add);
        // a long-lived writer, like a replica: it keeps one append descriptor across every rotation
        Process cat = writer(logs, "cat");
        var input = new java.io.PrintStream(cat.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
        int written = 0;
        for (String rotated : List.of("ns/fn.log.1", "ns/fn.log.2")) {
            for (int i = 0; i < 600; i++) {
                input.println("entry " + written++);
            }
            await().until(() -> Files.exists(dir.resolve(rotated)));
        }
        for (int i = 0; i < 10; i++) {
            input.println("entry " + written++);
        }
        String last = "entry " + (written - 1);

        await().until(() -> seen.contains(last));
        assertThat(dir.resolve("ns/fn.log.3")).doesNotExist();
        // the writer's descriptor appends at the new end after each truncation: no hole of zero bytes
        assertThat(Files.readString(dir.resolve("ns/fn.log"))).doesNotContain("\0").endsWith(last + "\n");
        assertThat(seen).hasSize(written).doesNotHaveDuplicates();
        assertThat(logs.tail("ns", "fn", 50)).hasSize(50).endsWith(last);
    }

    @Test
    void deleteRemovesEveryFile() throws Exception {
        LocalFunctionLogs logs = logs(500);
        IntStream.range(0, 100).forEach(i -> logs.note("ns", "fn", "x".repeat(20)));
        await().until(() -> Files.exists(dir.resolve("ns/fn.log.1")));

        logs.delete("ns", "fn");

        try (var files = Files.list(dir.resolve("ns"))) {
            assertThat(files).isEmpty();
        }
    }
}
