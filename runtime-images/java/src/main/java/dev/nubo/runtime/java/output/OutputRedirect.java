package dev.nubo.runtime.java.output;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.Charset;

/**
 * Points this process's stdout and stderr at the function's log: a pooled server was started before it knew its
 * function, so its output went elsewhere until specialization. On Java 22+ descriptors 1 and 2 themselves move
 * (libc dup2 through {@link NativeDescriptors}), so child processes write there too and {@code System.out} follows;
 * on Java 21 only {@code System.out} and {@code System.err} are replaced.
 */
public final class OutputRedirect {

    private final int[] saved;
    private final PrintStream savedOut;
    private final PrintStream savedErr;

    private OutputRedirect(int[] saved, PrintStream savedOut, PrintStream savedErr) {
        this.saved = saved;
        this.savedOut = savedOut;
        this.savedErr = savedErr;
    }

    /** @throws IOException when the log cannot be opened (nothing has moved then) */
    public static OutputRedirect to(String logFile) throws IOException {
        System.out.flush();
        System.err.flush();
        Native natives = Native.find();
        if (natives == null) {
            PrintStream log = new PrintStream(new FileOutputStream(logFile, true), true, Charset.defaultCharset());
            OutputRedirect redirect = new OutputRedirect(null, System.out, System.err);
            System.setOut(log);
            System.setErr(log);
            return redirect;
        }
        int log = natives.call("openForAppend", logFile);
        if (log < 0) {
            throw new IOException("cannot open log file " + logFile);
        }
        int[] saved = {natives.call("dup", 1), natives.call("dup", 2)};
        natives.call("dup2", log, 1);
        natives.call("dup2", log, 2);
        natives.call("close", log);
        return new OutputRedirect(saved, null, null);
    }

    /**
     * Links and runs the native calls once on {@code /dev/null}, touching no real descriptor: a pool server does this
     * while it waits, as linking the foreign functions the first time costs ~50 ms a wake would otherwise wait for.
     */
    public static void warmUp() {
        Native natives = Native.find();
        if (natives == null) {
            return;
        }
        int devNull = natives.call("openForAppend", "/dev/null");
        if (devNull >= 0) {
            int copy = natives.call("dup", devNull);
            natives.call("dup2", devNull, copy);
            natives.call("close", copy);
            natives.call("close", devNull);
        }
    }

    /** Loading worked: the log stays. */
    public void keep() {
        if (saved != null) {
            Native natives = Native.find();
            for (int fd : saved) {
                natives.call("close", fd);
            }
        }
    }

    /** Loading failed: the output goes where it went before. */
    public void undo() {
        System.out.flush();
        System.err.flush();
        if (saved == null) {
            System.setOut(savedOut);
            System.setErr(savedErr);
            return;
        }
        Native natives = Native.find();
        for (int i = 0; i < saved.length; i++) {
            natives.call("dup2", saved[i], i + 1);
            natives.call("close", saved[i]);
        }
    }

    /** NativeDescriptors, when this JVM can load it (Java 22+). */
    private record Native(Class<?> type) {

        static Native find() {
            try {
                return new Native(Class.forName("dev.nubo.runtime.java.output.NativeDescriptors"));
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }

        int call(String name, Object... arguments) {
            try {
                Class<?>[] types = new Class<?>[arguments.length];
                for (int i = 0; i < arguments.length; i++) {
                    types[i] = arguments[i] instanceof String ? String.class : int.class;
                }
                MethodHandle handle = MethodHandles.publicLookup().findStatic(type, name,
                        MethodType.methodType(int.class, types));
                return (int) handle.invokeWithArguments(arguments);
            } catch (Throwable e) {
                throw new IllegalStateException("libc " + name + " failed: " + e, e);
            }
        }
    }
}
