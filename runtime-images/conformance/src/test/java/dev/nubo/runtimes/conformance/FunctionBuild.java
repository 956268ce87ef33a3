package dev.nubo.runtimes.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeCommands;

/**
 * The fixture function built for one runtime the way the platform builds a function: the source copied to
 * a code directory, then the runtime's own compile command run in an empty build directory.
 */
record FunctionBuild(InstalledRuntime runtime, FixtureFunction fixture, Path codeDir, Path depsDir, Path buildDir,
        Path cacheDir, Path logDir, Path javaHome, Duration compileTime) {

    private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(5);

    /** Copies the fixture and compiles it if the runtime compiles; {@code workDir} is wiped first. */
    static FunctionBuild prepare(InstalledRuntime runtime, FixtureFunction fixture, Path workDir, Path cacheDir,
            Path javaHome) {
        FileTrees.deleteRecursively(workDir);
        Path codeDir = FileTrees.createDirectories(workDir.resolve("code"));
        FileTrees.copy(fixture.sourceDir(), codeDir);
        FileTrees.createDirectories(cacheDir.resolve("home"));
        FunctionBuild build = new FunctionBuild(runtime, fixture, codeDir,
                FileTrees.createDirectories(workDir.resolve("deps")),
                FileTrees.createDirectories(workDir.resolve("build")),
                cacheDir, FileTrees.createDirectories(workDir.resolve("logs")), javaHome, Duration.ZERO);
        return runtime.descriptor().compiles() ? build.compile() : build;
    }

    String id() {
        return runtime.id();
    }

    RuntimeCommands commands() {
        return commandsFor(codeDir);
    }

    /** Commands as for a server that does not know its code yet (warm pool): only {@code codeDir} differs. */
    RuntimeCommands commandsFor(Path codeDir) {
        return new RuntimeCommands(runtime, codeDir, depsDir, buildDir, cacheDir, javaHome);
    }

    private FunctionBuild compile() {
        RuntimeCommands commands = commands();
        List<String> command = commands.compile();
        Path log = logDir.resolve("compile.log");
        long started = System.nanoTime();
        int exit = run(command, commands.buildEnvironment(), buildDir, log);
        if (exit != 0) {
            throw new AssertionError("compile failed with exit " + exit + ": " + command + "\n"
                    + FileTrees.tail(log, 40));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new FunctionBuild(runtime, fixture, codeDir, depsDir, buildDir, cacheDir, logDir, javaHome, took);
    }

    private static int run(List<String> command, Map<String, String> env, Path workingDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(COMPILE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("compile took longer than " + COMPILE_TIMEOUT + ": " + command);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
