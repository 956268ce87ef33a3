package dev.nubo.controller;

import java.nio.file.Path;

import dev.nubo.core.function.Function;

/** Where the local backend keeps things under the data directory. */
public record DataLayout(Path dataDir) {

    public Path runtimes() {
        return dataDir.resolve("runtimes");
    }

    /** Everything of one function; removed when the function is deleted. */
    public Path function(String namespace, String name) {
        return dataDir.resolve("functions").resolve(namespace).resolve(name);
    }

    /** One build of one generation; the uid keeps a re-created function from reusing a deleted one's build. */
    public Path build(Function function) {
        return function(function.namespace(), function.name())
                .resolve(function.metadata().uid() + "-g" + function.generation());
    }

    /** Installed dependencies, shared by every function with the same runtime and dependency file. */
    public Path deps(String runtimeId, String key) {
        return dataDir.resolve("deps").resolve(runtimeId).resolve(key);
    }

    /** Per-runtime cache for package managers and compilers (HOME, GOCACHE, the Maven repository). */
    public Path cache(String runtimeId) {
        return dataDir.resolve("cache").resolve(runtimeId);
    }

    public Path logs() {
        return dataDir.resolve("logs");
    }

    /** Scratch space of build steps (their /tmp), removed after each step. */
    public Path scratch() {
        return dataDir.resolve("scratch");
    }

    /** Slots of the warm pool's servers (a function's code is linked in when one is specialized). */
    public Path pool() {
        return dataDir.resolve("pool");
    }

    public Path runRecords() {
        return dataDir.resolve("run");
    }
}
