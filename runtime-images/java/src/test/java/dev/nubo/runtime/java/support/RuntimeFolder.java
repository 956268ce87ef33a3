package dev.nubo.runtime.java.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The runtime folder as the platform's bundle ships it: the files of runtime-images/java the bundle does not
 * exclude, plus nubo-runtime-java.jar built from the compiled classes (the test phase runs before packaging).
 */
public final class RuntimeFolder {

    /** runtime-images/bundle/pom.xml leaves these out of the bundle. */
    private static final List<String> NOT_SHIPPED = List.of("tests/**", "test/**", "run-tests", "Dockerfile",
            "README.md", "pom.xml", "src/**", "target/**");

    private static Path folder;

    private RuntimeFolder() {
    }

    public static synchronized Path get() {
        if (folder == null) {
            folder = create(Path.of("target", "test-runtime", "java").toAbsolutePath());
        }
        return folder;
    }

    private static Path create(Path target) {
        try {
            Files.deleteIfExists(target.resolve("nubo-runtime-java.jar"));
            copyShippedFiles(Path.of(System.getProperty("nubo.runtime.dir")), target);
            writeJar(Path.of(System.getProperty("nubo.runtime.classes")), target.resolve("nubo-runtime-java.jar"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyShippedFiles(Path source, Path target) throws IOException {
        List<PathMatcher> excluded = NOT_SHIPPED.stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
                .toList();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.relativize(file);
                if (excluded.stream().noneMatch(m -> m.matches(relative))) {
                    Path out = target.resolve(relative.toString());
                    Files.createDirectories(out.getParent());
                    Files.copy(file, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path entry : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(entry).toString().replace('\\', '/');
                if (!name.equals("META-INF/MANIFEST.MF")) {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(entry, out);
                    out.closeEntry();
                }
            }
        }
    }
}
