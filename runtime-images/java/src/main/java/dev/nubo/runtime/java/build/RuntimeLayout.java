package dev.nubo.runtime.java.build;

import java.nio.file.Path;

/**
 * The runtime folder as the platform extracts it: the jar, and the JVM options the start command and the
 * training run share (a mismatch would make the JVM ignore the archive).
 */
record RuntimeLayout(Path dir) {

    static final String JAR = "nubo-runtime-java.jar";
    static final String JVM_OPTIONS = "jvm.options";

    Path jar() {
        return dir.resolve(JAR);
    }

    /** The argument file, in the {@code @file} form the java launcher reads. */
    String jvmOptionsArgument() {
        return "@" + dir.resolve(JVM_OPTIONS);
    }
}
