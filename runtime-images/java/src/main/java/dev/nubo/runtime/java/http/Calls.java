package dev.nubo.runtime.java.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import dev.nubo.runtime.java.function.Call;
import dev.nubo.runtime.java.json.Json;
import dev.nubo.runtime.java.json.JsonException;

/**
 * Turns an HTTP request into a {@link Call}: the body parsed as JSON for a JSON media type, the event fields
 * from Kubeless {@code event-*} headers, else CloudEvents {@code ce-*} headers, else generated.
 */
final class Calls {

    private Calls() {
    }

    /** The body of a JSON request is not JSON. */
    static final class InvalidJson extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidJson(String message) {
            super(message);
        }
    }

    static Call from(HttpExchange exchange, byte[] body) throws InvalidJson {
        Headers headers = exchange.getRequestHeaders();
        String contentType = headers.getFirst("Content-Type");
        String query = exchange.getRequestURI().getRawQuery();
        return new Call(
                exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(),
                query == null ? "" : query,
                lowerCaseNames(headers),
                body,
                isJson(contentType) ? parseJson(body) : new String(body, StandardCharsets.UTF_8),
                first(headers, "event-id", "ce-id").orElseGet(() -> UUID.randomUUID().toString()),
                first(headers, "event-type", "ce-type").orElse(contentType == null ? "" : contentType),
                first(headers, "event-time", "ce-time").orElseGet(Calls::now),
                first(headers, "event-namespace", "ce-source").orElse(""));
    }

    /** {@code application/json} or any {@code …+json} type, parameters ignored. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || (mediaType.endsWith("+json") && mediaType.indexOf('/') > 0);
    }

    // an empty JSON body is no value rather than an error: clients send Content-Type on body-less GETs
    private static Object parseJson(byte[] body) throws InvalidJson {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return text.isBlank() ? null : Json.parse(text);
        } catch (CharacterCodingException | JsonException e) {
            throw new InvalidJson(e.getMessage());
        }
    }

    private static Optional<String> first(Headers headers, String... names) {
        for (String name : names) {
            String value = headers.getFirst(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> lowerCaseNames(Headers headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((name, values) ->
                out.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        return out;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
