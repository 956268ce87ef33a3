package dev.nubo.controller.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much memory the machine can still give to new processes ({@code MemAvailable} of /proc/meminfo). */
public final class MachineMemory {

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private MachineMemory() {
    }

    /** Available bytes, or -1 when the kernel does not say. */
    public static long available() {
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
