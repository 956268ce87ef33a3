package dev.nubo.api.logs;

import java.io.IOException;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.nubo.api.ApiProperties;
import dev.nubo.api.function.FunctionService;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/**
 * {@code GET …/functions/{name}/logs?tailLines=N}: the last lines as text; with {@code follow=true} the same lines
 * and then every new one as server-sent events ({@code data: <line>}).
 */
@RestController
class LogsController {

    private final FunctionService functions;
    private final ObjectProvider<FunctionLogs> logs;
    private final ApiProperties properties;
    private final LogStreams streams;

    LogsController(FunctionService functions, ObjectProvider<FunctionLogs> logs, ApiProperties properties,
            LogStreams streams) {
        this.functions = functions;
        this.logs = logs;
        this.properties = properties;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/namespaces/{namespace}/functions/{name}/logs", params = "!follow")
    ResponseEntity<String> tail(@PathVariable String namespace, @PathVariable String name,
            @RequestParam(defaultValue = "100") int tailLines) {
        List<String> lines = source().tail(namespace, checked(namespace, name), lines(tailLines));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .body(lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    @GetMapping(path = "/api/v1/namespaces/{namespace}/functions/{name}/logs", params = "follow")
    Object follow(@PathVariable String namespace, @PathVariable String name,
            @RequestParam(defaultValue = "100") int tailLines, @RequestParam boolean follow) {
        if (!follow) {
            return tail(namespace, name, tailLines);
        }
        String function = checked(namespace, name);
        SseEmitter emitter = new SseEmitter(properties.logFollowTimeout().toMillis());
        FunctionLogs source = source();
        try {
            // a comment first: it commits the response, so a client sees the stream open even before any line
            emitter.send(SseEmitter.event().comment("following " + namespace + "/" + name));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        FunctionLogs.Subscription subscription = source.follow(namespace, function, lines(tailLines),
                backlog -> backlog.forEach(line -> send(emitter, line)), line -> send(emitter, line));
        streams.add(emitter, subscription::close);
        return emitter;
    }

    private static void send(SseEmitter emitter, String line) {
        try {
            emitter.send(SseEmitter.event().data(line, MediaType.TEXT_PLAIN));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    private String checked(String namespace, String name) {
        return functions.get(namespace, name).name();
    }

    private int lines(int requested) {
        if (requested < 0) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "tailLines must not be negative");
        }
        return Math.min(requested, properties.maxLogLines());
    }

    private FunctionLogs source() {
        FunctionLogs source = logs.getIfAvailable();
        if (source == null) {
            throw new ProblemException(503, ProblemCodes.FUNCTION_NOT_READY, "Logs unavailable",
                    "this installation has no log source");
        }
        return source;
    }
}
