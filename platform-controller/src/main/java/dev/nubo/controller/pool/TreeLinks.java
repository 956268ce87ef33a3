package dev.nubo.controller.pool;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Makes a directory tree appear at a second place without copying its files: hard links (a pool server's sandbox
 * sees only its slot, so a function's code goes there by link), a copy where links cannot be made.
 */
final class TreeLinks {

    private TreeLinks() {
    }

    static void link(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.createDirectories(target);
            return;
        }
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isSymbolicLink(path)) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    try {
                        Files.createLink(to, path);
                    } catch (FileSystemException e) {
                        Files.copy(path, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }
}
