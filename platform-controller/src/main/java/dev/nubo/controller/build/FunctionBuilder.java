package dev.nubo.controller.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.nubo.controller.DataLayout;
import dev.nubo.controller.Directories;
import dev.nubo.controller.replica.ReplicaEnvironment;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeCommands;
import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.core.source.ArchiveFormat;
import dev.nubo.core.source.Checksums;
import dev.nubo.core.source.SourceArchives;
import dev.nubo.core.source.SourceException;

/**
 * Builds one generation of a function: unpack the source, install dependencies (cached by runtime + dependency
 * file, so functions with the same deps install once), compile when the runtime compiles. A finished build is
 * marked on disk and reused after a platform restart.
 */
public class FunctionBuilder {

    static final String DONE_MARKER = ".nubo-build-done";
    static final String INSTALLED_MARKER = ".nubo-installed";

    /** Progress a person can read in the function's status. */
    public interface Progress {
        void step(String message);
    }

    private final DataLayout layout;
    private final SourceArchives archives;
    private final SourceFetcher fetcher;
    private final CommandRunner runner;
    private final Duration buildTimeout;
    private final Path javaHome;
    private final Map<Path, ReentrantLock> depsLocks = new ConcurrentHashMap<>();

    public FunctionBuilder(DataLayout layout, SourceArchives archives, SourceFetcher fetcher, CommandRunner runner,
            Duration buildTimeout, Path javaHome) {
        this.layout = layout;
        this.archives = archives;
        this.fetcher = fetcher;
        this.runner = runner;
        this.buildTimeout = buildTimeout;
        this.javaHome = javaHome;
    }

    /** The build of this generation if an earlier run finished it, without doing any work. */
    public java.util.Optional<BuiltFunction> existing(Function function, InstalledRuntime runtime) {
        Path dir = layout.build(function);
        try {
            if (!Files.isRegularFile(dir.resolve(DONE_MARKER))) {
                return java.util.Optional.empty();
            }
            Path depsDir = Path.of(Files.readString(dir.resolve(DONE_MARKER)).trim());
            return java.util.Optional.of(built(function, runtime, dir, depsDir));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    public BuiltFunction build(Function function, InstalledRuntime runtime, Progress progress, Consumer<String> log)
            throws BuildException, InterruptedException {
        Path dir = layout.build(function);
        Directories.deleteTree(dir);
        Path codeDir = Directories.create(dir.resolve("code"));
        FunctionSpec spec = function.spec();
        progress.step("unpacking the source");
        unpack(spec, runtime.descriptor(), codeDir);
        Path depsDir = installDependencies(spec, runtime, codeDir, progress, log);
        BuiltFunction built = built(function, runtime, dir, depsDir);
        if (runtime.descriptor().compiles()) {
            progress.step("compiling");
            Path buildDir = Directories.create(built.buildDir());
            Path cache = layout.cache(runtime.id());
            runStep("compile", built.commands().compile(), buildEnvironment(built, function), buildDir,
                    List.of(depsDir, runtime.runtimeDir()), List.of(built.codeDir(), buildDir, cache),
                    FunctionConditions.REASON_COMPILE_FAILED, log);
        }
        try {
            Files.writeString(dir.resolve(DONE_MARKER), depsDir.toString());
        } catch (IOException e) {
            throw new BuildException(FunctionConditions.REASON_COMPILE_FAILED, "cannot mark the build done: " + e);
        }
        return built;
    }

    private BuiltFunction built(Function function, InstalledRuntime runtime, Path dir, Path depsDir) {
        Path codeDir = dir.resolve("code");
        Path buildDir = dir.resolve("build");
        RuntimeCommands commands = new RuntimeCommands(runtime, codeDir, depsDir, buildDir,
                layout.cache(runtime.id()), javaHome);
        return new BuiltFunction(function.generation(), runtime, codeDir, depsDir, buildDir, commands);
    }

    private void unpack(FunctionSpec spec, RuntimeDescriptor descriptor, Path codeDir)
            throws BuildException, InterruptedException {
        FunctionSource source = spec.source();
        try {
            if (source.inline() != null) {
                writeSingleFile(spec, descriptor, codeDir, source.inline().getBytes(StandardCharsets.UTF_8));
            } else if (source.zip() != null) {
                archives.extract(Base64.getMimeDecoder().decode(source.zip()), ArchiveFormat.ZIP, codeDir);
            } else if (source.tarGz() != null) {
                archives.extract(Base64.getMimeDecoder().decode(source.tarGz()), ArchiveFormat.TAR_GZ, codeDir);
            } else {
                byte[] content = fetcher.fetch(source.url(), source.sha256());
                ArchiveFormat format = ArchiveFormat.detect(content);
                if (format == ArchiveFormat.PLAIN_FILE) {
                    writeSingleFile(spec, descriptor, codeDir, content);
                } else {
                    archives.extract(content, format, codeDir);
                }
            }
        } catch (SourceException e) {
            throw new BuildException(FunctionConditions.REASON_SOURCE_INVALID, e.getMessage(), e);
        } catch (IOException e) {
            throw new BuildException(FunctionConditions.REASON_SOURCE_INVALID, "cannot write the source: " + e, e);
        }
    }

    /** Inline code is stored as {@code <module>.<ext>}; for a dotted module (a Java package) the last part names it. */
    static String singleFileName(FunctionSpec spec, RuntimeDescriptor descriptor) {
        String module = spec.moduleName();
        return module.substring(module.lastIndexOf('.') + 1) + "." + descriptor.fileExtension();
    }

    private static void writeSingleFile(FunctionSpec spec, RuntimeDescriptor descriptor, Path codeDir, byte[] content)
            throws IOException {
        Files.write(codeDir.resolve(singleFileName(spec, descriptor)), content);
    }

    private Path installDependencies(FunctionSpec spec, InstalledRuntime runtime, Path codeDir, Progress progress,
            Consumer<String> log) throws BuildException, InterruptedException {
        RuntimeDescriptor descriptor = runtime.descriptor();
        String deps = dependencyText(spec, descriptor, codeDir);
        if (deps == null) {
            return Directories.create(layout.deps(runtime.id(), "none"));
        }
        Path depsDir = layout.deps(runtime.id(), Checksums.sha256(runtime.id() + "\n" + deps));
        ReentrantLock lock = depsLocks.computeIfAbsent(depsDir, k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            if (Files.isRegularFile(depsDir.resolve(INSTALLED_MARKER))) {
                log.accept("dependencies already installed for this " + descriptor.depsFile());
                return depsDir;
            }
            Directories.deleteTree(depsDir);
            Directories.create(depsDir);
            Files.writeString(depsDir.resolve(descriptor.depsFile()), deps);
            if (descriptor.installsDependencies()) {
                progress.step("installing dependencies (" + descriptor.depsFile() + ")");
                RuntimeCommands commands = new RuntimeCommands(runtime, codeDir, depsDir, codeDir,
                        layout.cache(runtime.id()), javaHome);
                Directories.create(layout.cache(runtime.id()).resolve("home"));
                runStep("dependency install", commands.install(), commands.buildEnvironment(), depsDir,
                        List.of(codeDir, runtime.runtimeDir()), List.of(depsDir, layout.cache(runtime.id())),
                        FunctionConditions.REASON_INSTALL_FAILED, log);
            }
            Files.writeString(depsDir.resolve(INSTALLED_MARKER), deps);
            return depsDir;
        } catch (IOException e) {
            throw new BuildException(FunctionConditions.REASON_INSTALL_FAILED, "cannot prepare dependencies: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    /** The spec's deps, else a dependency file shipped inside the source (Kubeless {@code +deps}), else none. */
    private static String dependencyText(FunctionSpec spec, RuntimeDescriptor descriptor, Path codeDir)
            throws BuildException {
        if (descriptor.depsFile() == null) {
            return null;
        }
        if (spec.hasDeps()) {
            return spec.deps();
        }
        Path shipped = codeDir.resolve(descriptor.depsFile());
        try {
            return Files.isRegularFile(shipped) ? Files.readString(shipped) : null;
        } catch (IOException e) {
            throw new BuildException(FunctionConditions.REASON_SOURCE_INVALID, "cannot read " + shipped + ": " + e, e);
        }
    }

    private void runStep(String step, List<String> command, Map<String, String> env, Path workingDir,
            List<Path> readable, List<Path> writable, String reason, Consumer<String> log)
            throws BuildException, InterruptedException {
        log.accept("running " + step + ": " + String.join(" ", command));
        CommandRunner.Outcome outcome;
        try {
            outcome = runner.run(command, env, workingDir, readable, writable, buildTimeout, log);
        } catch (IOException e) {
            throw new BuildException(reason, step + " could not start: " + e.getMessage(), e);
        }
        if (outcome.timedOut()) {
            throw new BuildException(reason, step + " took longer than " + buildTimeout.toSeconds()
                    + " s and was stopped. Last output:\n" + outcome.tail());
        }
        if (!outcome.succeeded()) {
            throw new BuildException(reason, step + " failed (exit " + outcome.exitCode() + "):\n" + outcome.tail());
        }
    }

    /** Compilers see the same contract variables as the server (Go generates its dispatcher from the handler). */
    private static Map<String, String> buildEnvironment(BuiltFunction built, Function function) {
        Map<String, String> env = built.commands().buildEnvironment();
        env.putAll(ReplicaEnvironment.contractVariables(function, built));
        return env;
    }
}
