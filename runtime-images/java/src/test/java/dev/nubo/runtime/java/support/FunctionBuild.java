package dev.nubo.runtime.java.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.nubo.runtime.java.support.RuntimeDescriptor.Dirs;

/**
 * Builds a test function (src/test/resources/functions/&lt;name&gt;) the way the platform does: runtime.json's
 * install (when there are deps) and compile, in fresh directories under target/test-functions.
 */
public final class FunctionBuild {

    private static final Duration STEP_LIMIT = Duration.ofMinutes(3);
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final Map<String, Dirs> BUILT = new ConcurrentHashMap<>();

    private FunctionBuild() {
    }

    /** The function built once per test run (builds take seconds; the tests only read the output). */
    public static Dirs shared(String name) {
        return BUILT.computeIfAbsent(name, n -> {
            Dirs dirs = newDirs(n);
            copyFunction(n, dirs.code());
            Processes.Result compiled = compile(dirs);
            if (compiled.exitCode() != 0) {
                throw new IllegalStateException("compile of " + n + " failed:\n" + compiled.output());
            }
            return dirs;
        });
    }

    public static Dirs newDirs(String name) {
        Path root = Path.of("target", "test-functions", name + "-" + ProcessHandle.current().pid() + "-"
                + COUNT.incrementAndGet()).toAbsolutePath();
        Dirs dirs = new Dirs(root.resolve("code"), root.resolve("deps"), root.resolve("build"),
                root.resolve("cache"));
        try {
            for (Path dir : new Path[] {dirs.code(), dirs.deps(), dirs.build(), dirs.cache()}) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dirs;
    }

    public static void copyFunction(String name, Path codeDir) {
        Path source = Path.of("src", "test", "resources", "functions", name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path out = codeDir.resolve(source.relativize(file).toString());
                Files.createDirectories(out.getParent());
                Files.copy(file, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** runtime.json's install, with {@code pom} written to the deps directory first. */
    public static Processes.Result install(Dirs dirs, String pom) {
        RuntimeDescriptor runtime = RuntimeDescriptor.load();
        try {
            Files.writeString(dirs.deps().resolve((String) runtime.json().get("depsFile")), pom);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Processes.run(runtime.command("install", dirs), dirs.deps(), runtime.buildEnvironment(dirs),
                STEP_LIMIT);
    }

    public static Processes.Result compile(Dirs dirs) {
        RuntimeDescriptor runtime = RuntimeDescriptor.load();
        return Processes.run(runtime.command("compile", dirs), dirs.build(), runtime.buildEnvironment(dirs),
                STEP_LIMIT);
    }

    public static Optional<Path> archive(Dirs dirs) {
        Path archive = dirs.build().resolve("nubo.jsa");
        return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
    }
}
