package dev.nubo.controller.build;

import java.nio.file.Path;

import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeCommands;

/** A generation of a function, ready to start: its code, dependencies and compile output on disk. */
public record BuiltFunction(long generation, InstalledRuntime runtime, Path codeDir, Path depsDir, Path buildDir,
        RuntimeCommands commands) {
}
