package dev.nubo.api.logs;

import java.io.IOException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.nubo.api.ApiProperties;
import dev.nubo.core.function.service.FunctionLogReader;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.logs.OpenLogStreams;

/**
 * {@code GET …/functions/{name}/logs?tailLines=N}: the last lines as text; with {@code follow=true} the same lines
 * and then every new one as server-sent events ({@code data: <line>}).
 */
@RestController
class LogsController {

    private final FunctionLogReader logs;
    private final ApiProperties properties;
    private final OpenLogStreams streams;

    LogsController(FunctionLogReader logs, ApiProperties properties, OpenLogStreams streams) {
        this.logs = logs;
        this.properties = properties;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/namespaces/{namespace}/functions/{name}/logs", params = "!follow")
    ResponseEntity<String> tail(@PathVariable String namespace, @PathVariable String name,
            @RequestParam(defaultValue = "100") int tailLines) {
        List<String> lines = logs.tail(namespace, name, lines(tailLines));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .body(lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    @GetMapping(path = "/api/v1/namespaces/{namespace}/functions/{name}/logs", params = "follow")
    Object follow(@PathVariable String namespace, @PathVariable String name,
            @RequestParam(defaultValue = "100") int tailLines, @RequestParam boolean follow) {
        if (!follow) {
            return tail(namespace, name, tailLines);
        }
        int lines = lines(tailLines);
        logs.check(namespace, name, lines);
        SseEmitter emitter = new SseEmitter(properties.logFollowTimeout().toMillis());
        try {
            // a comment first: it commits the response, so a client sees the stream open even before any line
            emitter.send(SseEmitter.event().comment("following " + namespace + "/" + name));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        FunctionLogs.Subscription subscription = logs.follow(namespace, name, lines,
                backlog -> backlog.forEach(line -> send(emitter, line)), line -> send(emitter, line));
        Runnable end = streams.add(emitter::complete, subscription::close);
        emitter.onCompletion(end);
        emitter.onTimeout(end);
        emitter.onError(e -> end.run());
        return emitter;
    }

    private static void send(SseEmitter emitter, String line) {
        try {
            emitter.send(SseEmitter.event().data(line, MediaType.TEXT_PLAIN));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    /** Negative counts are the use case's to refuse; large ones are capped here. */
    private int lines(int requested) {
        return requested < 0 ? requested : Math.min(requested, properties.maxLogLines());
    }
}
