package dev.nubo.console.function;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import dev.nubo.console.ConsoleProperties;
import dev.nubo.core.function.service.FunctionInvoker;
import dev.nubo.core.function.service.FunctionLogReader;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invoke panel: one call through the shared invoker, its answer made readable (time, size, headers, pretty JSON,
 * a download for binary bodies), and the log lines of that call.
 */
@Component
class Invocations {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * What the panel sends. {@code headers}: {@code Name: value}, one per line. A file chosen as the body replaces
     * {@code body}; {@code fileName} names it (a call with a file is listed among the recent calls, but its bytes
     * are not kept, so it is re-run by choosing the file again).
     */
    public record Request(String method, String path, String contentType, String headers, String body,
            String fileName) implements Serializable {

        /** How the recent calls list shows it. */
        public String label() {
            return (method == null ? "POST" : method) + " " + (path == null || path.isBlank() ? "/" : path)
                    + (fileName != null ? " · file " + fileName : "");
        }
    }

    /**
     * What the panel shows. {@code text} is the body as text (pretty when JSON); a body that is not text is offered
     * as {@code download} (a data: URL) instead. {@code logLines}: what the function's log received between the
     * call's start and its own access line; {@code logNote} says when that could not be read.
     */
    public record Result(int status, long millis, int size, Map<String, List<String>> headers, String text,
            String download, String downloadName, String error, String eventId, List<String> logLines,
            String logNote) {

        static Result failed(ProblemException e) {
            return new Result(e.status(), 0, 0, Map.of(), null, null, null, e.title() + ": " + e.detail(), null,
                    List.of(), null);
        }

        public boolean ok() {
            return error == null && status < 400;
        }
    }

    private final FunctionInvoker invoker;
    private final FunctionLogReader logs;
    private final int maxShownBytes;
    private final Duration logWait;

    Invocations(FunctionInvoker invoker, FunctionLogReader logs, ConsoleProperties properties) {
        this.invoker = invoker;
        this.logs = logs;
        this.maxShownBytes = properties.maxBodyKilobytes() * 1024;
        this.logWait = properties.invokeLogWait();
    }

    Result call(String namespace, String name, Request request, byte[] file) throws InterruptedException {
        byte[] body = file != null ? file
                : request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
        String contentType = request.contentType() == null || request.contentType().isBlank() ? null
                : request.contentType().strip();
        Map<String, String> headers = parseHeaders(request.headers());
        // the call's event id marks it: the panel's own unless the user set one
        String eventId = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("event-id"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (eventId == null) {
            eventId = UUID.randomUUID().toString();
            headers.put("event-id", eventId);
            headers.put("ce-id", eventId);
        }
        FunctionInvoker.Invocation invocation = new FunctionInvoker.Invocation(request.method(), request.path(),
                contentType, headers, body);
        CallLog log = new CallLog(eventId, invocation.method());
        FunctionLogs.Subscription subscription = null;
        String logNote = null;
        try {
            subscription = logs.follow(namespace, name, 0, backlog -> { }, log::add);
        } catch (ProblemException e) {
            logNote = "the log cannot be read here: " + e.detail();
        }
        try {
            long start = System.nanoTime();
            FunctionInvoker.Answer answer = invoker.invoke(namespace, name, invocation);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (subscription != null) {
                log.awaitAccessLine(answer.status(), logWait);
            }
            String type = answer.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("content-type")).map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
            String text = text(answer.body(), type);
            String download = null;
            String downloadName = null;
            if (text == null) {
                String media = type == null ? "application/octet-stream" : type;
                download = "data:" + media + ";base64," + Base64.getEncoder().encodeToString(answer.body());
                downloadName = name + "-response" + extension(media);
            } else {
                text = pretty(text);
            }
            return new Result(answer.status(), millis, answer.body().length, answer.headers(), text, download,
                    downloadName, null, eventId, log.lines(), logNote);
        } finally {
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    /** {@code Name: value} per line; blank lines are skipped; a line without a colon is refused. */
    static Map<String, String> parseHeaders(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text == null) {
            return headers;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST,
                        "header line \"" + line.strip() + "\" is not Name: value");
            }
            headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return headers;
    }

    /**
     * The lines the function's log receives while the call runs, up to the runtime's access line of the call
     * ({@code <time> <METHOD> <path> <status> <ms>ms}, docs/function-contract.md), or a line naming the call's event
     * id. Calls running at the same time can add their lines to the window; the access line ends it.
     */
    static final class CallLog {

        private final String eventId;
        private final String method;
        private final List<String> lines = new ArrayList<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile int status = -1;

        CallLog(String eventId, String method) {
            this.eventId = eventId;
            this.method = method;
        }

        synchronized void add(String line) {
            if (ended.isDone()) {
                return;
            }
            lines.add(line);
            if (endsTheCall(line)) {
                ended.complete(null);
            }
        }

        private boolean endsTheCall(String line) {
            if (status < 0) {
                return false; // the answer has not come: a line now is another call's, or this one's output
            }
            String[] parts = line.strip().split(" ");
            boolean access = parts.length == 5 && parts[1].equals(method) && parts[3].equals(Integer.toString(status))
                    && parts[4].endsWith("ms");
            return access || line.contains(eventId);
        }

        void awaitAccessLine(int answered, Duration wait) throws InterruptedException {
            synchronized (this) {
                status = answered;
                if (lines.stream().anyMatch(this::endsTheCall)) {
                    ended.complete(null);
                }
            }
            try {
                ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the runtime wrote no access line in time: show what arrived
            }
        }

        synchronized List<String> lines() {
            List<String> window = new ArrayList<>(lines);
            // a line of this call's end: nothing after it is ours
            for (int i = 0; i < window.size(); i++) {
                if (endsTheCall(window.get(i))) {
                    return List.copyOf(window.subList(0, i + 1));
                }
            }
            return List.copyOf(window);
        }
    }

    /** The body as UTF-8 text, or null when it is not text (or too large to show). */
    private String text(byte[] body, String type) {
        if (body.length > maxShownBytes || (type != null && binaryType(type))) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean binaryType(String type) {
        String media = type.toLowerCase(java.util.Locale.ROOT);
        return media.startsWith("image/") || media.startsWith("audio/") || media.startsWith("video/")
                || media.startsWith("application/octet-stream") || media.startsWith("application/zip")
                || media.startsWith("application/gzip") || media.startsWith("application/pdf");
    }

    private static String extension(String type) {
        String media = type.toLowerCase(java.util.Locale.ROOT).split(";")[0].strip();
        return switch (media) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "image/svg+xml" -> ".svg";
            case "application/pdf" -> ".pdf";
            case "application/zip" -> ".zip";
            case "application/gzip" -> ".gz";
            case "application/json" -> ".json";
            case "text/plain" -> ".txt";
            default -> ".bin";
        };
    }

    private static String pretty(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return text;
        }
        try {
            JsonNode tree = PRETTY.readTree(trimmed);
            return PRETTY.writeValueAsString(tree);
        } catch (JacksonException e) {
            return text;
        }
    }
}
