package dev.nubo.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.http.MediaType;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses a submitted manifest: JSON, or YAML with a YAML content type. What it is (a function, a trigger, native or
 * Kubeless) is the reader's business; this only answers 415 for other media types and 400 for what does not parse
 * into a JSON object. Parse errors give the position, never the text around it (it may hold a secret).
 */
public final class ManifestBodies {

    public static final Set<String> YAML_TYPES =
            Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private ManifestBodies() {
    }

    public static boolean isYaml(MediaType contentType) {
        return contentType != null && YAML_TYPES.contains(contentType.getType() + "/" + contentType.getSubtype());
    }

    public static JsonNode parse(byte[] body, MediaType contentType) {
        boolean yaml = isYaml(contentType);
        if (contentType != null && !yaml && !contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            throw new ProblemException(415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "send application/json, or application/yaml for YAML manifests");
        }
        JsonNode tree;
        try {
            tree = (yaml ? YAML : JSON).readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body is not valid "
                    + (yaml ? "YAML" : "JSON") + where(e));
        }
        if (tree == null || !tree.isObject()) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        return tree;
    }

    /** Where a body stopped parsing, never what it said (it may hold secrets); empty when the parser cannot tell. */
    public static String where(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
