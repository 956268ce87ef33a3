package dev.nubo.core.function;

import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The code: exactly one of inline text (stored as {@code <module>.<ext>}), a base64 zip, a base64 tar.gz, or a
 * URL with its sha256 checksum.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionSource(String inline, String zip, String tarGz, String url, String sha256) {

    public static FunctionSource inline(String text) {
        return new FunctionSource(text, null, null, null, null);
    }

    public static FunctionSource zip(String base64) {
        return new FunctionSource(null, base64, null, null, null);
    }

    public static FunctionSource tarGz(String base64) {
        return new FunctionSource(null, null, base64, null, null);
    }

    public static FunctionSource url(String url, String sha256) {
        return new FunctionSource(null, null, null, url, sha256);
    }

    /** How many of the four kinds are set (a valid source has exactly one). */
    @JsonIgnore
    public long kindsGiven() {
        return Stream.of(inline, zip, tarGz, url).filter(v -> v != null).count();
    }
}
