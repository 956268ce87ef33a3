package dev.nubo.function;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The HTTP request that carried the event ({@code event.extensions().request()}). */
public final class Request {

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    /**
     * @param method  upper case, e.g. {@code POST}
     * @param path    the decoded path, e.g. {@code /orders/42}
     * @param query   the raw query string without {@code ?}; {@code ""} when there is none
     * @param headers header names in lower case, every value in arrival order
     * @param body    the raw body
     */
    public Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.query = query;
        TreeMap<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> sorted.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(sorted);
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String query() {
        return query;
    }

    /** Every header; names are matched case-insensitively. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (case-insensitive name), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The raw body; a copy, so the function may change it. */
    public byte[] body() {
        return body.clone();
    }

    public String bodyAsText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
