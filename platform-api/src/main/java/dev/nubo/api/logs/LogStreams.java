package dev.nubo.api.logs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open {@code follow=true} log streams. A stream never ends by itself, so a stopping platform ends them first:
 * otherwise the web server's graceful shutdown would wait its whole timeout for them.
 */
@Component
class LogStreams implements SmartLifecycle {

    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /** Tracks {@code emitter} until it ends, however it ends, and then runs {@code onEnd}. */
    void add(SseEmitter emitter, Runnable onEnd) {
        open.add(emitter);
        Runnable end = () -> {
            open.remove(emitter);
            onEnd.run();
        };
        emitter.onCompletion(end);
        emitter.onTimeout(end);
        emitter.onError(e -> end.run());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        open.forEach(SseEmitter::complete);
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
