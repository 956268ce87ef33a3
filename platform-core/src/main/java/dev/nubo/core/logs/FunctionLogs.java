package dev.nubo.core.logs;

import java.util.List;
import java.util.function.Consumer;

/**
 * A function's log: what its replicas print, plus the platform's own lines about it (build output, crashes),
 * marked {@code [nubo]}. Standalone: rotating files under the data directory. Kubernetes: pod logs.
 */
public interface FunctionLogs {

    /** The last {@code lines} lines, oldest first; empty for a function that never logged. */
    List<String> tail(String namespace, String name, int lines);

    /**
     * Hands {@code backlog} the last {@code tailLines} lines, then calls {@code listener} with every line written
     * after them, until the returned subscription is closed: no line is lost or repeated between the two, so a
     * client that reconnects with a fresh backlog sees a consistent log.
     */
    Subscription follow(String namespace, String name, int tailLines, Consumer<List<String>> backlog,
            Consumer<String> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
