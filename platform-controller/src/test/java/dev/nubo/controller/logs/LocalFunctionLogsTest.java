package dev.nubo.controller.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nubo.core.logs.FunctionLogs;

class LocalFunctionLogsTest {

    @TempDir
    Path dir;

    @Test
    void tailReturnsTheLastLinesInOrder() {
        LocalFunctionLogs logs = new LocalFunctionLogs(dir, 1024 * 1024);
        IntStream.range(0, 50).forEach(i -> logs.note("ns", "fn", "line " + i));

        assertThat(logs.tail("ns", "fn", 3)).containsExactly("[nubo] line 47", "[nubo] line 48", "[nubo] line 49");
        assertThat(logs.tail("ns", "fn", 500)).hasSize(50);
        assertThat(logs.tail("ns", "other", 5)).isEmpty();
    }

    @Test
    void rotatesBySizeKeepsThreeFilesAndTailsAcrossThem() {
        LocalFunctionLogs logs = new LocalFunctionLogs(dir, 2000);
        IntStream.range(0, 400).forEach(i -> logs.note("ns", "fn", "entry %04d".formatted(i)));

        assertThat(dir.resolve("ns/fn.log.1")).exists();
        assertThat(dir.resolve("ns/fn.log.2")).exists();
        assertThat(dir.resolve("ns/fn.log.3")).doesNotExist();
        List<String> tail = logs.tail("ns", "fn", 150);
        assertThat(tail.getLast()).isEqualTo("[nubo] entry 0399");
        assertThat(tail).isSortedAccordingTo(String::compareTo);
        assertThat(tail).hasSizeGreaterThan(100);
    }

    @Test
    void followersSeeNewLinesFromProcessesUntilTheyClose() {
        LocalFunctionLogs logs = new LocalFunctionLogs(dir, 1024 * 1024);
        List<String> seen = new CopyOnWriteArrayList<>();
        FunctionLogs.Subscription subscription = logs.follow("ns", "fn", seen::add);

        logs.pump("ns", "fn", new ByteArrayInputStream("out 1\nout 2\n".getBytes(StandardCharsets.UTF_8)), "",
                line -> { });
        await().until(() -> seen.size() == 2);
        subscription.close();
        logs.note("ns", "fn", "after close");

        assertThat(seen).containsExactly("out 1", "out 2");
        assertThat(logs.tail("ns", "fn", 10)).containsExactly("out 1", "out 2", "[nubo] after close");
    }

    @Test
    void deleteRemovesEveryFile() throws Exception {
        LocalFunctionLogs logs = new LocalFunctionLogs(dir, 500);
        IntStream.range(0, 100).forEach(i -> logs.note("ns", "fn", "x".repeat(20)));

        logs.delete("ns", "fn");

        try (var files = Files.list(dir.resolve("ns"))) {
            assertThat(files).isEmpty();
        }
    }
}
