package dev.nubo.runtime.java.output;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libc's {@code open}, {@code dup}, {@code dup2} and {@code close}, called through the foreign function API (Java 22+).
 * Compiled on its own with {@code --release 22} (see pom.xml): the rest of the runtime stays Java 21, and
 * {@link OutputRedirect} reaches this class by reflection, so a Java 21 JVM still runs the server.
 */
public final class NativeDescriptors {

    private static final int O_WRONLY_CREAT_APPEND = 0x1 | 0x40 | 0x400;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle DUP = function("dup", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    private static final MethodHandle DUP2 = function("dup2", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    private NativeDescriptors() {
    }

    /** Opens {@code path} for appending (created when missing); a negative number when it cannot. */
    public static int openForAppend(String path) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(arena.allocateFrom(path), O_WRONLY_CREAT_APPEND, 0644);
        }
    }

    public static int dup(int fd) throws Throwable {
        return (int) DUP.invokeExact(fd);
    }

    public static int dup2(int from, int to) throws Throwable {
        return (int) DUP2.invokeExact(from, to);
    }

    public static int close(int fd) throws Throwable {
        return (int) CLOSE.invokeExact(fd);
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
    }
}
