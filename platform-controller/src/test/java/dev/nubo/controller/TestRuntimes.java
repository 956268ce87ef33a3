package dev.nubo.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.core.runtime.RuntimeInfo;

/** A tiny shell "language" whose install and compile steps are scripts the test controls. */
public final class TestRuntimes {

    private TestRuntimes() {
    }

    public static InstalledRuntime shell(Path dir, String install, String compile) {
        try {
            Path runtimeDir = Files.createDirectories(dir.resolve("shell-runtime"));
            Files.writeString(runtimeDir.resolve("install.sh"), install);
            Files.writeString(runtimeDir.resolve("compile.sh"), compile == null ? "" : compile);
            RuntimeDescriptor descriptor = new RuntimeDescriptor("shell", "shell", 1, null,
                    new RuntimeDescriptor.Interpreter(List.of("/bin/sh"), List.of()), "sh", "deps.txt",
                    List.of("/bin/sh", "{runtimeDir}/install.sh"),
                    compile == null ? List.of() : List.of("/bin/sh", "{runtimeDir}/compile.sh"),
                    List.of("/bin/sh", "{codeDir}/main.sh"), Map.of("SHELL_DEPS", "{depsDir}"), Map.of(), List.of(), false, List.of(), List.of());
            return new InstalledRuntime(new RuntimeInfo("shell1", "shell", "1", "deps.txt", "sh"), descriptor,
                    runtimeDir, Path.of("/bin/sh"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
