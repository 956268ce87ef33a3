package dev.nubo.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.http.MediaType;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.model.Manifests;
import tools.jackson.databind.JsonNode;

/**
 * Parses a submitted manifest: JSON, or YAML with a YAML content type. What it is (a function, a trigger, native or
 * Kubeless) is the reader's business; this only answers 415 for other media types and 400 for what does not parse
 * into a JSON object. Parse errors give the position, never the text around it (it may hold a secret).
 */
public final class ManifestBodies {

    public static final Set<String> YAML_TYPES =
            Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

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
        return Manifests.parse(new String(body, StandardCharsets.UTF_8), yaml);
    }
}
