package dev.nubo.controller.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nubo.controller.DataLayout;
import dev.nubo.controller.TestRuntimes;
import dev.nubo.controller.process.ChildProcesses;
import dev.nubo.controller.process.ProcessSpawner;
import dev.nubo.controller.process.RunRecords;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.source.ArchiveLimits;
import dev.nubo.core.source.SourceArchives;
import dev.nubo.core.testing.FunctionSpecBuilder;

class FunctionBuilderTest {

    @TempDir
    Path dir;
    private final ProcessSpawner spawner = new ProcessSpawner();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        spawner.close();
    }

    private FunctionBuilder builder(Duration timeout) {
        DataLayout layout = new DataLayout(dir.resolve("data"));
        return new FunctionBuilder(layout, new SourceArchives(ArchiveLimits.DEFAULT),
                new SourceFetcher(false, 1024, Duration.ofSeconds(1)),
                new CommandRunner(new ChildProcesses(spawner, new RunRecords(layout.runRecords())),
                        dev.nubo.controller.sandbox.Sandbox.disabled(), layout.scratch()), timeout,
                Path.of("/jdk"));
    }

    private static Function function(String name, String deps) {
        return Function.of(new ObjectMeta(name, "default", Map.of(), "uid-" + name, 1L, "1", null),
                FunctionSpecBuilder.spec("shell1", "main.run", FunctionSource.inline("echo hi")).deps(deps)
                        .timeoutSeconds(30).build());
    }

    @Test
    void twoFunctionsWithTheSameDependenciesInstallOnce() throws Exception {
        Path installs = dir.resolve("installs.txt");
        var runtime = TestRuntimes.shell(dir, "echo installed >> " + installs + "\n", null);
        FunctionBuilder builder = builder(Duration.ofSeconds(30));

        BuiltFunction a = builder.build(function("a", "lib==1"), runtime, step -> { }, log::add);
        BuiltFunction b = builder.build(function("b", "lib==1"), runtime, step -> { }, log::add);
        BuiltFunction c = builder.build(function("c", "lib==2"), runtime, step -> { }, log::add);

        assertThat(Files.readAllLines(installs)).hasSize(2);
        assertThat(a.depsDir()).isEqualTo(b.depsDir()).isNotEqualTo(c.depsDir());
        assertThat(a.depsDir().resolve("deps.txt")).hasContent("lib==1");
        assertThat(a.codeDir().resolve("main.sh")).hasContent("echo hi");
    }

    @Test
    void aFinishedBuildIsFoundAgainWithoutWork() throws Exception {
        var runtime = TestRuntimes.shell(dir, "", "touch compiled\n");
        FunctionBuilder builder = builder(Duration.ofSeconds(30));
        BuiltFunction built = builder.build(function("a", null), runtime, step -> { }, log::add);

        assertThat(built.buildDir().resolve("compiled")).exists();
        assertThat(builder(Duration.ofSeconds(30)).existing(function("a", null), runtime)).hasValueSatisfying(found ->
                assertThat(found.codeDir()).isEqualTo(built.codeDir()));
        assertThat(builder.existing(function("never-built", null), runtime)).isEmpty();
    }

    @Test
    void aFailingCompileReportsItsReasonAndLastOutput() {
        var runtime = TestRuntimes.shell(dir, "", "echo 'main.sh:1: syntax error near x'\nexit 2\n");

        assertThatThrownBy(() -> builder(Duration.ofSeconds(30)).build(function("a", null), runtime, step -> { },
                log::add))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.reason()).isEqualTo("CompileFailed");
                    assertThat(e.getMessage()).contains("exit 2", "syntax error near x");
                });
        assertThat(log).contains("main.sh:1: syntax error near x");
    }

    @Test
    void anInstallThatHangsIsStoppedAtTheTimeoutAndCanBeRetried() throws Exception {
        var runtime = TestRuntimes.shell(dir, "echo waiting for a registry\nsleep 600\n", null);

        long start = System.nanoTime();
        assertThatThrownBy(() -> builder(Duration.ofSeconds(2)).build(function("a", "lib==1"), runtime, step -> { },
                log::add))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.reason()).isEqualTo("DependencyInstallFailed");
                    assertThat(e.getMessage()).contains("longer than 2 s", "waiting for a registry");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        var fixed = TestRuntimes.shell(dir, "echo ok\n", null);
        assertThat(builder(Duration.ofSeconds(30)).build(function("a", "lib==1"), fixed, step -> { }, log::add)
                .depsDir().resolve(".nubo-installed")).exists();
    }

    @Test
    void aDependencyFileShippedInTheSourceIsInstalledWhenTheSpecHasNone() throws Exception {
        Path installs = dir.resolve("installs.txt");
        var runtime = TestRuntimes.shell(dir, "cat deps.txt >> " + installs + "\n", null);
        String zip = java.util.Base64.getEncoder().encodeToString(dev.nubo.core.source.Archives.zip(
                Map.of("main.sh", "echo zipped", "deps.txt", "shipped==1")));
        Function zipped = Function.of(new ObjectMeta("z", "default", Map.of(), "uid-z", 1L, "1", null),
                FunctionSpecBuilder.spec("shell1", "main.run", FunctionSource.zip(zip)).timeoutSeconds(30).build());

        builder(Duration.ofSeconds(30)).build(zipped, runtime, step -> { }, log::add);

        assertThat(installs).hasContent("shipped==1");
    }
}
