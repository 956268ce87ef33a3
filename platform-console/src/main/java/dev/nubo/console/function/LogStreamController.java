package dev.nubo.console.function;

import java.io.IOException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

import dev.nubo.console.ConsoleProperties;
import dev.nubo.core.function.service.FunctionLogReader;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.logs.OpenLogStreams;

/**
 * A function's live log for its page, one server-sent event stream: first {@code reset} with the last lines (on
 * every connect, so a reconnect neither repeats nor loses lines), then one {@code line} per new line. Lines are sent
 * as escaped HTML ({@code <div>} each) for htmx's sse extension to swap in. {@link OpenLogStreams} ends the open
 * streams when the platform stops.
 */
@Controller
class LogStreamController {

    private final FunctionLogReader logs;
    private final ConsoleProperties properties;
    private final OpenLogStreams streams;

    LogStreamController(FunctionLogReader logs, ConsoleProperties properties, OpenLogStreams streams) {
        this.logs = logs;
        this.properties = properties;
        this.streams = streams;
    }

    @GetMapping(path = "/ns/{ns}/functions/{name}/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String ns, @PathVariable String name) {
        int lines = properties.logTailLines();
        logs.check(ns, name, lines);
        SseEmitter emitter = new SseEmitter(properties.logStreamTimeout().toMillis());
        FunctionLogs.Subscription subscription = logs.follow(ns, name, lines,
                backlog -> send(emitter, "reset", html(backlog)), line -> send(emitter, "line", html(List.of(line))));
        Runnable end = streams.add(emitter::complete, subscription::close);
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
}
