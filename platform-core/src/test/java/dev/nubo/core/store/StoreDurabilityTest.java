package dev.nubo.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.function.Function;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestStores;

/** A kill -9 of the writing process never loses a write it acknowledged (H2 file, as standalone runs it). */
class StoreDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 150;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCreateSurvivesKillMinusNine() throws Exception {
        List<String> acked = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            acked.addAll(writeUntilKilled("round" + round));
        }

        try (HikariDataSource dataSource = TestDatabases.h2(dir)) {
            List<String> stored = TestStores.over(dataSource).functions().list("default").stream()
                    .map(Function::name).toList();
            assertThat(acked).hasSize(ROUNDS * ACKS_BEFORE_KILL);
            assertThat(stored).containsAll(acked);
        }
    }

    private List<String> writeUntilKilled(String prefix) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreWriter.class.getName(), dir.toString(), prefix).redirectErrorStream(true).start();
        List<String> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acked.add(line.substring("acked ".length()));
                }
            }
            writer.destroyForcibly(); // SIGKILL, mid-write
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return acked;
    }
}
