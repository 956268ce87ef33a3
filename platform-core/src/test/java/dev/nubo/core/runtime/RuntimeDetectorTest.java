package dev.nubo.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDetectorTest {

    @TempDir
    Path dir;

    @Test
    void findsAnInterpreterOnThePathAndNamesTheRuntimeAfterItsVersion() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("fakelang"), "echo 'fakelang 4.2.7'");
        Path runtimeDir = descriptor("""
                {"language":"fake","idPrefix":"fake","versionParts":2,
                 "interpreter":{"candidates":["/nonexistent/fakelang","fakelang"],"versionCommand":["{interpreter}"]},
                 "fileExtension":"fk","start":["{interpreter}","{runtimeDir}/server.fk"]}""");

        var runtime = new RuntimeDetector(List.of(bin), Path.of("/jdk")).detect(runtimeDir).orElseThrow();

        assertThat(runtime.info()).isEqualTo(new RuntimeInfo("fake4.2", "fake", "4.2", null, "fk"));
        assertThat(runtime.interpreter()).isEqualTo(bin.resolve("fakelang"));
    }

    @Test
    void skipsShimDirectoriesBecauseEachShimCostsAHundredMilliseconds() throws Exception {
        Path shims = Files.createDirectories(dir.resolve(".pyenv/shims"));
        Path real = Files.createDirectories(dir.resolve("usr/bin"));
        script(shims.resolve("fakelang"), "echo 9.9");
        script(real.resolve("fakelang"), "echo 1.0");
        Path runtimeDir = descriptor("""
                {"language":"fake","idPrefix":"fake","interpreter":{"candidates":["fakelang"],
                 "versionCommand":["{interpreter}"]},"fileExtension":"fk","start":["{interpreter}"]}""");

        var runtime = new RuntimeDetector(List.of(shims, real), Path.of("/jdk")).detect(runtimeDir).orElseThrow();

        assertThat(runtime.interpreter()).isEqualTo(real.resolve("fakelang"));
        assertThat(runtime.id()).isEqualTo("fake1.0");
    }

    @Test
    void offersNothingWhenNoCandidateWorks() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("broken"), "exit 3");
        Path runtimeDir = descriptor("""
                {"language":"fake","idPrefix":"fake","interpreter":{"candidates":["broken","missing"],
                 "versionCommand":["{interpreter}"]},"fileExtension":"fk","start":["{interpreter}"]}""");

        assertThat(new RuntimeDetector(List.of(bin), Path.of("/jdk")).detect(runtimeDir)).isEmpty();
    }

    @Test
    void expandsCommandsAndEnvironmentsForAFunction() {
        RuntimeDescriptor descriptor = new RuntimeDescriptor("fake", "fake", 2, null,
                new RuntimeDescriptor.Interpreter(List.of("x"), List.of()), "fk", "deps.txt",
                List.of("{interpreter}", "install", "{depsDir}"), List.of(), List.of("{interpreter}", "{runtimeDir}/s.fk"),
                Map.of("FAKEPATH", "{depsDir}:{codeDir}"), Map.of("CACHE", "{cacheDir}/c"), List.of(), false, List.of(), List.of());
        var runtime = new InstalledRuntime(new RuntimeInfo("fake1", "fake", "1", null, "fk"), descriptor,
                Path.of("/rt"), Path.of("/usr/bin/fake"));

        var commands = new RuntimeCommands(runtime, Path.of("/code"), Path.of("/deps"), Path.of("/build"),
                Path.of("/cache"), Path.of("/jdk"));

        assertThat(commands.install()).containsExactly("/usr/bin/fake", "install", "/deps");
        assertThat(commands.start()).containsExactly("/usr/bin/fake", "/rt/s.fk");
        assertThat(commands.startEnvironment()).containsEntry("FAKEPATH", "/deps:/code")
                .containsEntry("PATH", RuntimeCommands.PATH).containsEntry("HOME", "/cache/home");
        assertThat(commands.buildEnvironment()).containsEntry("CACHE", "/cache/c");
    }

    private Path descriptor(String json) throws Exception {
        Path runtimeDir = Files.createDirectories(dir.resolve("runtime"));
        Files.writeString(runtimeDir.resolve("runtime.json"), json);
        return runtimeDir;
    }

    private static void script(Path path, String body) throws Exception {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
