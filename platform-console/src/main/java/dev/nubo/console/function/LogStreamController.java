package dev.nubo.console.function;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

import dev.nubo.console.ConsoleProperties;
import dev.nubo.core.function.service.FunctionLogReader;
import dev.nubo.core.logs.FunctionLogs;

/**
 * A function's live log for its page, one server-sent event stream: first {@code reset} with the last lines (on
 * every connect, so a reconnect neither repeats nor loses lines), then one {@code line} per new line. Lines are sent
 * as escaped HTML ({@code <div>} each) for htmx's sse extension to swap in. A stopping platform ends the open
 * streams first, or the web server's graceful shutdown would wait for them.
 */
@Controller
class LogStreamController implements SmartLifecycle {

    private final FunctionLogReader logs;
    private final ConsoleProperties properties;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    LogStreamController(FunctionLogReader logs, ConsoleProperties properties) {
        this.logs = logs;
        this.properties = properties;
    }

    @GetMapping(path = "/ns/{ns}/functions/{name}/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String ns, @PathVariable String name) {
        int lines = properties.logTailLines();
        logs.check(ns, name, lines);
        SseEmitter emitter = new SseEmitter(properties.logStreamTimeout().toMillis());
        FunctionLogs.Subscription subscription = logs.follow(ns, name, lines,
                backlog -> send(emitter, "reset", html(backlog)), line -> send(emitter, "line", html(List.of(line))));
        open.add(emitter);
        Runnable end = () -> {
            open.remove(emitter);
            subscription.close();
        };
        emitter.onCompletion(end);
        emitter.onTimeout(end);
        emitter.onError(e -> end.run());
        return emitter;
    }

    /** One escaped {@code <div>} per line; an empty reset still carries data, or the browser would drop the event. */
    static String html(List<String> lines) {
        if (lines.isEmpty()) {
            return "<!-- no lines yet -->";
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append("<div>").append(HtmlUtils.htmlEscape(line)).append("</div>");
        }
        return out.toString();
    }

    private static void send(SseEmitter emitter, String event, String data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data, MediaType.TEXT_HTML));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
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

    /** Before the web server's graceful shutdown (DEFAULT_PHASE - 1024) starts waiting for requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
