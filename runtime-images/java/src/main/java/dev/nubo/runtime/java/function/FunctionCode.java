package dev.nubo.runtime.java.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a function's classes are: the compile output, the source directory (for resources and precompiled
 * classes) and the installed dependency jars.
 */
public record FunctionCode(Path codeDir, Path buildDir, Optional<Path> depsDir) {

    /** The directory the compile step writes classes to, inside the build directory. */
    public static final String CLASSES = "classes";

    /** The classpath, in lookup order. */
    public List<Path> classpath() {
        List<Path> entries = new ArrayList<>();
        Path classes = buildDir.resolve(CLASSES);
        entries.add(Files.isDirectory(classes) ? classes : buildDir);
        if (!entries.contains(codeDir)) {
            entries.add(codeDir);
        }
        depsDir.ifPresent(dir -> entries.addAll(jars(dir)));
        return entries;
    }

    /** A class loader over {@link #classpath()} whose parent holds the runtime and the function API. */
    public URLClassLoader classLoader() {
        URL[] urls = classpath().stream().map(FunctionCode::url).toArray(URL[]::new);
        return new URLClassLoader("function", urls, FunctionCode.class.getClassLoader());
    }

    /** The jar files directly in a directory, sorted so the classpath is the same on every start. */
    public static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}
