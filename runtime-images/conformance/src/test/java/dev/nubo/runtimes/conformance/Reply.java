package dev.nubo.runtimes.conformance;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One HTTP response of a runtime server, with what the checks read from it. */
record Reply(String method, String path, int status, HttpHeaders headers, byte[] body) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The Content-Type as sent, lower case and without spaces: {@code text/plain;charset=utf-8}. */
    String contentType() {
        return header("Content-Type").orElse("").toLowerCase(Locale.ROOT).replace(" ", "");
    }

    /** The Content-Type without parameters: {@code text/plain}. */
    String mediaType() {
        return contentType().split(";", 2)[0];
    }

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new AssertionError(this + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** A field of a JSON object answer (the fixture's /describe), as text. */
    String field(String name) {
        JsonNode node = json().get(name);
        if (node == null) {
            throw new AssertionError(this + " has no field " + name);
        }
        return node.isNull() ? null : node.asString();
    }

    @Override
    public String toString() {
        String shown = text();
        if (shown.length() > 300) {
            shown = shown.substring(0, 300) + "…(" + body.length + " bytes)";
        }
        return method + " " + path + " → " + status + " [" + header("Content-Type").orElse("no Content-Type") + "] '"
                + shown + "'";
    }
}
