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

    /** Calls {@code listener} with every new line until the returned subscription is closed. */
    Subscription follow(String namespace, String name, Consumer<String> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
