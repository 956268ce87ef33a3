package dev.nubo.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** File-tree chores of the local backend. */
public final class Directories {

    private Directories() {
    }

    /** Deletes {@code dir} and everything below it; a missing directory is fine. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** {@code dir} with its missing parents created; an existing one is returned as it is. */
    public static Path create(Path dir) {
        if (Files.isDirectory(dir)) {
            // one stat: Files.createDirectories tries mkdir first and throws and catches two exceptions when the
            // directory exists, which it does for nearly every call (a log line opens its function's directory)
            return dir;
        }
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
