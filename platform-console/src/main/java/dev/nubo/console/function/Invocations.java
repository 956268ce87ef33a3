package dev.nubo.console.function;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.nubo.console.ConsoleProperties;
import dev.nubo.core.function.service.FunctionInvoker;
import dev.nubo.core.problem.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The invoke panel: one call through the shared invoker, and its answer made readable (time, size, pretty JSON). */
@Component
class Invocations {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** What the panel sends. */
    public record Request(String method, String path, String contentType, String body) {
    }

    /**
     * What the panel shows. {@code text} is the body as text (pretty when JSON); a body that is not text is offered
     * as {@code download} (a data: URL) instead.
     */
    public record Result(int status, long millis, int size, Map<String, List<String>> headers, String text, String download,
            String error) {

        static Result failed(ProblemException e) {
            return new Result(e.status(), 0, 0, Map.of(), null, null, e.title() + ": " + e.detail());
        }

        public boolean ok() {
            return error == null && status < 400;
        }
    }

    private final FunctionInvoker invoker;
    private final int maxShownBytes;

    Invocations(FunctionInvoker invoker, ConsoleProperties properties) {
        this.invoker = invoker;
        this.maxShownBytes = properties.maxBodyKilobytes() * 1024;
    }

    Result call(String namespace, String name, Request request) throws InterruptedException {
        byte[] body = request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
        String contentType = request.contentType() == null || request.contentType().isBlank() ? null
                : request.contentType();
        long start = System.nanoTime();
        FunctionInvoker.Answer answer = invoker.invoke(namespace, name,
                new FunctionInvoker.Invocation(request.method(), request.path(), contentType, body));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String text = text(answer.body());
        String download = null;
        if (text == null) {
            String type = answer.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse("application/octet-stream");
            download = "data:" + type + ";base64," + Base64.getEncoder().encodeToString(answer.body());
        } else {
            text = pretty(text);
        }
        return new Result(answer.status(), millis, answer.body().length, answer.headers(), text, download, null);
    }

    /** The body as UTF-8 text, or null when it is not text (or too large to show). */
    private String text(byte[] body) {
        if (body.length > maxShownBytes) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
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
