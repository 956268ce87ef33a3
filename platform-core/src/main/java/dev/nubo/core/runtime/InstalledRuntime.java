package dev.nubo.core.runtime;

import java.nio.file.Path;

/** A runtime whose language was found on this machine: its descriptor, folder and interpreter. */
public record InstalledRuntime(RuntimeInfo info, RuntimeDescriptor descriptor, Path runtimeDir, Path interpreter) {

    public String id() {
        return info.id();
    }
}
