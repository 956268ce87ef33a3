package dev.nubo.runtime.java.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

/** Maven repositories for the install tests, which must not need the network. */
public final class MavenRepositories {

    private MavenRepositories() {
    }

    /**
     * A file repository (Maven layout) holding {@code groupId:artifactId:version}: a jar compiled from
     * {@code source} (one class, named {@code className}) and its pom.
     */
    public static Path fileRepository(Path root, String groupId, String artifactId, String version,
            String className, String source) throws IOException {
        Path dir = root.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
        Files.createDirectories(dir);
        Path sources = Files.createTempDirectory("nubo-dep-src");
        Path sourceFile = sources.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(sourceFile, source);
        Path classes = Files.createDirectories(sources.resolve("classes"));
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "21", "-d",
                classes.toString(), sourceFile.toString());
        if (exit != 0) {
            throw new IllegalStateException("cannot compile " + sourceFile);
        }
        writeJar(classes, dir.resolve(artifactId + "-" + version + ".jar"));
        Files.writeString(dir.resolve(artifactId + "-" + version + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                </project>
                """.formatted(groupId, artifactId, version));
        return root;
    }

    /**
     * Makes the install step's cache repository reuse the build's own local repository (where Maven already put
     * the dependency plugin) without writing test artifacts into it: each top-level folder is linked, except
     * {@code ownGroupRoot}, which stays in the cache.
     */
    public static void linkUserRepository(Path cacheRepository, String ownGroupRoot) throws IOException {
        Path user = Path.of(System.getProperty("nubo.maven.repository",
                System.getProperty("user.home") + "/.m2/repository"));
        Files.createDirectories(cacheRepository);
        try (Stream<Path> entries = Files.list(user)) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals(ownGroupRoot)) {
                    Files.createSymbolicLink(cacheRepository.resolve(name), entry);
                }
            }
        }
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes)) {
            List<Path> entries = files.filter(Files::isRegularFile).sorted().toList();
            for (Path entry : entries) {
                out.putNextEntry(new JarEntry(classes.relativize(entry).toString()));
                Files.copy(entry, out);
                out.closeEntry();
            }
        }
    }
}
