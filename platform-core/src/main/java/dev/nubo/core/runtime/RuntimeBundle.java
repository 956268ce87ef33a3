package dev.nubo.core.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The runtime folders shipped on the classpath (artifact nubo-runtimes, under {@code nubo/runtimes/}),
 * extracted to a directory where processes can run them.
 */
public final class RuntimeBundle {

    public static final String CLASSPATH_ROOT = "nubo/runtimes/";

    private RuntimeBundle() {
    }

    /** Extracts the bundled runtimes into {@code target} (replacing what is there) and returns it. */
    public static Path extractTo(Path target, ClassLoader classLoader) {
        URL marker = classLoader.getResource(CLASSPATH_ROOT + "bundle.properties");
        if (marker == null) {
            throw new IllegalStateException("no runtimes on the classpath (" + CLASSPATH_ROOT + "bundle.properties)");
        }
        try {
            Files.createDirectories(target);
            if (marker.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) marker.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    extractJar(jar, target);
                }
            } else {
                copyTree(Path.of(marker.toURI()).getParent(), target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract runtimes to " + target, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extractJar(JarFile jar, Path target) throws IOException {
        String prefix = CLASSPATH_ROOT;
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                continue;
            }
            Path out = target.resolve(entry.getName().substring(prefix.length())).normalize();
            if (!out.startsWith(target)) {
                continue;
            }
            Files.createDirectories(out.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
            makeExecutable(out);
            // keep the bundle's own times: class-data archives built against these files stay valid after a restart
            if (entry.getLastModifiedTime() != null) {
                Files.setLastModifiedTime(out, entry.getLastModifiedTime());
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (var files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path out = target.resolve(source.relativize(file).toString());
                Files.createDirectories(out.getParent());
                Files.copy(file, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                makeExecutable(out);
            }
        }
    }

    // jars keep no file modes; scripts and binaries of a runtime must stay runnable
    private static void makeExecutable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
