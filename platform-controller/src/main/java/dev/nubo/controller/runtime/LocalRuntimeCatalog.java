package dev.nubo.controller.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.Directories;
import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeBundle;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.core.runtime.RuntimeDetector;
import dev.nubo.core.runtime.RuntimeInfo;

/**
 * The runtimes this machine can run: the bundled runtime folders, extracted under the data directory, whose
 * language was found installed.
 */
public class LocalRuntimeCatalog implements RuntimeCatalog {

    private static final Logger log = LoggerFactory.getLogger(LocalRuntimeCatalog.class);

    private final Map<String, InstalledRuntime> installed;
    private final List<LanguageIds> languages;

    public LocalRuntimeCatalog(List<InstalledRuntime> installed, List<RuntimeDescriptor> bundled) {
        this.installed = installed.stream().collect(Collectors.toUnmodifiableMap(InstalledRuntime::id,
                Function.identity()));
        this.languages = bundled.stream()
                .map(d -> new LanguageIds(d.language(), d.idPrefix(), d.kubelessIds()))
                .toList();
    }

    /** Extracts the bundled runtimes to {@code runtimesDir} and detects their languages on this machine. */
    public static LocalRuntimeCatalog detect(Path runtimesDir, String searchPath, Path javaHome) {
        Directories.deleteTree(runtimesDir);
        RuntimeBundle.extractTo(runtimesDir, LocalRuntimeCatalog.class.getClassLoader());
        List<Path> path = Arrays.stream(searchPath.split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        RuntimeDetector detector = new RuntimeDetector(path, javaHome);
        List<InstalledRuntime> installed = detector.detectAll(runtimesDir);
        List<RuntimeDescriptor> bundled;
        try (var dirs = Files.list(runtimesDir)) {
            bundled = dirs.map(d -> d.resolve(RuntimeDescriptor.FILE_NAME)).filter(Files::isRegularFile)
                    .map(RuntimeDescriptor::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("runtimes offered: {}", installed.stream().map(InstalledRuntime::id).sorted().toList());
        return new LocalRuntimeCatalog(installed, bundled);
    }

    @Override
    public List<RuntimeInfo> runtimes() {
        return installed.values().stream().map(InstalledRuntime::info)
                .sorted(Comparator.comparing(RuntimeInfo::id)).toList();
    }

    @Override
    public List<LanguageIds> languages() {
        return languages;
    }

    public List<InstalledRuntime> installedRuntimes() {
        return installed.values().stream().sorted(Comparator.comparing(InstalledRuntime::id)).toList();
    }

    public Optional<InstalledRuntime> installed(String id) {
        return Optional.ofNullable(installed.get(id));
    }
}
