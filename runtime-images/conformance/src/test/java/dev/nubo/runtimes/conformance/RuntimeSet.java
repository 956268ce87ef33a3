package dev.nubo.runtimes.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeBundle;
import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.core.runtime.RuntimeDetector;

/**
 * The runtimes under test, found the way the platform finds them: the bundle extracted from the classpath,
 * each folder's runtime.json resolved against this machine by {@link RuntimeDetector}.
 *
 * @param installed runtimes whose language works here
 * @param missing   bundled runtime folders whose language is not installed
 */
record RuntimeSet(Path root, List<InstalledRuntime> installed, List<String> missing) {

    static RuntimeSet discover(SuiteSettings settings) {
        Path root = settings.runtimesDir().orElseGet(() -> extractBundle(settings.workDir().resolve("runtimes")));
        List<String> bundled = runtimeFolders(root).stream().filter(settings::selected).toList();
        RuntimeDetector detector = new RuntimeDetector(settings.searchPath(), settings.javaHome());
        List<InstalledRuntime> installed = bundled.stream()
                .flatMap(folder -> detector.detect(root.resolve(folder)).stream())
                .toList();
        Set<String> found = installed.stream().map(RuntimeSet::folder).collect(Collectors.toSet());
        return new RuntimeSet(root, installed, bundled.stream().filter(f -> !found.contains(f)).toList());
    }

    /** The runtime's folder name, which also names its fixture function. */
    static String folder(InstalledRuntime runtime) {
        return runtime.runtimeDir().getFileName().toString();
    }

    private static Path extractBundle(Path target) {
        FileTrees.deleteRecursively(target);
        return RuntimeBundle.extractTo(target, RuntimeSet.class.getClassLoader());
    }

    private static List<String> runtimeFolders(Path root) {
        try (var dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(RuntimeDescriptor.FILE_NAME)))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list runtimes in " + root, e);
        }
    }
}
