package dev.nubo.controller.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordsTest {

    @TempDir
    Path dir;

    @Test
    void stopsWhatADeadRunLeftButNotAnUnrelatedProcessWithARecycledPid() throws Exception {
        RunRecords records = new RunRecords(dir);
        Process leftover = session("ours");
        Process stranger = session("someone-else");
        try {
            records.record(leftover.pid(), "ours");
            records.record(stranger.pid(), "ours"); // same pid number, but not carrying our instance id

            int killed = new RunRecords(dir).reapLeftovers();

            assertThat(killed).isEqualTo(1);
            await().until(() -> !leftover.isAlive());
            assertThat(stranger.isAlive()).isTrue();
            try (var left = Files.list(dir)) {
                assertThat(left).as("records are consumed").isEmpty();
            }
        } finally {
            leftover.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    private static Process session(String instance) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("setsid", "sleep", "600");
        builder.environment().put(RunRecords.INSTANCE_VARIABLE, instance);
        return builder.start();
    }
}
