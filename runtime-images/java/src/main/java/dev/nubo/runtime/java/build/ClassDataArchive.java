package dev.nubo.runtime.java.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records {@code <buildDir>/nubo.jsa}, a class-data-sharing archive of what a {@link TrainingRun} of the server
 * loads, so a start maps those classes instead of loading, parsing and verifying them again. On JDK 25 and
 * newer it is an AOT cache (JEP 483/514: classes also linked, lambdas and string concatenation resolved), else a
 * dynamic AppCDS archive; the start command maps either with {@code -XX:SharedArchiveFile}. The archive is an
 * optimisation only: when recording fails the build still succeeds and the server starts without it.
 */
final class ClassDataArchive {

    static final String FILE = "nubo.jsa";
    /** The first release whose one-step {@code -XX:AOTCacheOutput} records an AOT cache. */
    static final int AOT_CACHE_FEATURE = 25;
    private static final long TRAINING_TIMEOUT_SECONDS = 60;

    private ClassDataArchive() {
    }

    // the training runs on this JVM, the one runtime.json's {interpreter} names for the start too
    private static String recordOption(Path archive) {
        return Runtime.version().feature() >= AOT_CACHE_FEATURE
                ? "-XX:AOTCacheOutput=" + archive
                : "-XX:ArchiveClassesAtExit=" + archive;
    }

    static void record(RuntimeLayout runtime, Path codeDir, Path depsDir, Path buildDir)
            throws IOException, InterruptedException {
        Path archive = buildDir.resolve(FILE);
        Files.deleteIfExists(archive);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                runtime.jvmOptionsArgument(),
                recordOption(archive),
                "-jar", runtime.jar().toString(),
                TrainingRun.COMMAND, codeDir.toString(), buildDir.toString(), depsDir.toString());
        // the JVM's own chatter while recording (e.g. "Picked up JAVA_TOOL_OPTIONS") matters only on failure
        Path log = Files.createTempFile(buildDir, "training-", ".log");
        Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        boolean ended = training.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            training.destroyForcibly().waitFor();
        }
        if (!ended || training.exitValue() != 0 || !Files.isRegularFile(archive)) {
            System.err.println("warning: no class-data-sharing archive (the training run "
                    + (ended ? "exited with " + training.exitValue() : "did not end") + "); the function starts"
                    + " without it. Its output:\n" + Files.readString(log));
            Files.deleteIfExists(archive);
        }
        Files.delete(log);
    }
}
