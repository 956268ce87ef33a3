package dev.nubo.core.function;

import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The code: exactly one of inline text (stored as {@code <module>.<ext>}), a base64 zip, a base64 tar.gz, or a
 * URL with its sha256 checksum.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionSource(
        @JsonPropertyDescription("The code as text, stored as <module>.<extension>.")
        String inline,
        @JsonPropertyDescription("A base64 zip archive of the code.")
        String zip,
        @JsonPropertyDescription("A base64 tar.gz archive of the code.")
        String tarGz,
        @JsonPropertyDescription("Where to download the code (zip, tar.gz or a single file); requires sha256.")
        String url,
        @JsonPropertyDescription("Hex SHA-256 of what url serves; the download is refused when it differs.")
        String sha256) {

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

    /**
     * The code's bytes as given: the inline text (UTF-8) or the decoded archive; null for code given by URL (its
     * bytes are wherever the URL points).
     */
    @JsonIgnore
    public byte[] bytes() {
        if (inline != null) {
            return inline.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        String archive = zip != null ? zip : tarGz;
        return archive == null ? null : java.util.Base64.getMimeDecoder().decode(archive);
    }

    /** How many of the four kinds are set (a valid source has exactly one). */
    @JsonIgnore
    public long kindsGiven() {
        return Stream.of(inline, zip, tarGz, url).filter(v -> v != null).count();
    }
}
