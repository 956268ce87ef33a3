package dev.nubo.core.logs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.SmartLifecycle;

/**
 * The open follow-the-log streams of a service (the API's {@code follow=true}, the console's live log). A stream never
 * ends by itself, so a stopping platform ends them first: otherwise the web server's graceful shutdown would wait its
 * whole timeout for them. One bean for the API and the console: both {@code @Import} it.
 */
public class OpenLogStreams implements SmartLifecycle {

    /** Each open stream, as what ends it. */
    private final Set<Runnable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /**
     * Tracks a stream until it ends. {@code complete} ends the stream when the platform stops; the answer is what the
     * stream must run when it ends, however it ends: it forgets the stream and runs {@code onEnd}.
     */
    public Runnable add(Runnable complete, Runnable onEnd) {
        open.add(complete);
        return () -> {
            open.remove(complete);
            onEnd.run();
        };
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        open.forEach(Runnable::run);
        open.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown (DEFAULT_PHASE - 1024) starts waiting for requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
