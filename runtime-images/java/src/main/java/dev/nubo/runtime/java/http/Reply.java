package dev.nubo.runtime.java.http;

import java.nio.charset.StandardCharsets;

/** A response to send: status, content type (null for none) and body. */
public record Reply(int status, String contentType, byte[] body) {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String BYTES = "application/octet-stream";

    public static Reply text(int status, String body) {
        return new Reply(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply json(int status, String body) {
        return new Reply(status, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply empty(int status) {
        return new Reply(status, null, new byte[0]);
    }
}
