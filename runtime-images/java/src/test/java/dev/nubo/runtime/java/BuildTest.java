package dev.nubo.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.runtime.java.support.FunctionBuild;
import dev.nubo.runtime.java.support.Processes;
import dev.nubo.runtime.java.support.RuntimeDescriptor;
import dev.nubo.runtime.java.support.RuntimeDescriptor.Dirs;
import dev.nubo.runtime.java.support.RuntimeServer;

/** runtime.json's versionCommand and compile, as the platform runs them. */
class BuildTest {

    private final RuntimeDescriptor runtime = RuntimeDescriptor.load();

    @Test
    void theVersionCommandAcceptsThisJdkAndPrintsItsVersion() {
        Processes.Result result = runtime.versionCheck(runtime.interpreter());

        assertThat(result.exitCode()).isZero();
        assertThat(result.output().strip()).matches("\\d+(\\.\\d+)*");
    }

    @Test
    void theVersionCommandRejectsJava17() {
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(java17), "no JDK 17 here");

        assertThat(runtime.versionCheck(java17).exitCode()).isNotZero();
    }

    @Test
    void compilingWritesClassesAndAnArchiveTheStartCommandsJvmCanMap() {
        Dirs dirs = FunctionBuild.shared("api");

        assertThat(dirs.build().resolve("classes/Api.class")).isRegularFile();
        Path archive = FunctionBuild.archive(dirs).orElseThrow();
        assertThat(mapsArchive(archive)).as("-Xshare:on fails unless the archive maps").isZero();
        assertThat(mapsArchive(dirs.build().resolve("missing.jsa"))).isNotZero();
    }

    @Test
    void aStartWithoutItsArchiveRecordsOneAtExitForTheNextStart() throws Exception {
        Dirs dirs = FunctionBuild.newDirs("no-archive");
        FunctionBuild.copyFunction("api", dirs.code());
        assertThat(FunctionBuild.compile(dirs).exitCode()).isZero();
        Files.delete(FunctionBuild.archive(dirs).orElseThrow());

        try (RuntimeServer server = RuntimeServer.start(dirs, "Api.handle", Map.of())) {
            assertThat(server.get("/hello").body()).isEqualTo("hello world");
            assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
        }

        Path recorded = FunctionBuild.archive(dirs).orElseThrow();
        assertThat(mapsArchive(recorded)).isZero();
    }

    @Test
    void aCompileErrorFailsTheBuildWithJavacsMessage() throws IOException {
        Dirs dirs = FunctionBuild.newDirs("broken-source");
        Files.writeString(dirs.code().resolve("Bad.java"), "public class Bad { int x = ; }\n");

        Processes.Result result = FunctionBuild.compile(dirs);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("Bad.java:1: error:", "compilation failed");
        assertThat(FunctionBuild.archive(dirs)).isEmpty();
    }

    @Test
    void noSourceFailsTheBuildClearly() {
        Processes.Result result = FunctionBuild.compile(FunctionBuild.newDirs("empty"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("no .java file in");
    }

    private int mapsArchive(Path archive) {
        List<String> command = List.of(runtime.interpreter().toString(),
                "@" + runtime.runtimeDir().resolve("jvm.options"), "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-cp", runtime.runtimeDir().resolve("nubo-runtime-java.jar").toString(),
                "dev.nubo.runtime.java.build.VersionCheck");
        return Processes.run(command, runtime.runtimeDir(), Map.of("PATH", RuntimeDescriptor.PATH),
                Duration.ofSeconds(30)).exitCode();
    }
}
