package dev.nubo.core.model;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses a submitted manifest text, JSON or YAML, into a JSON object. What it is (a function, a trigger, native or
 * Kubeless) is the reader's business. Parse errors give the position, never the text around it (it may hold a secret).
 */
public final class Manifests {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private Manifests() {
    }

    /** 400 {@code MALFORMED_REQUEST} for text that does not parse into an object. */
    public static JsonNode parse(String text, boolean yaml) {
        JsonNode tree;
        try {
            tree = (yaml ? YAML : JSON).readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body is not valid "
                    + (yaml ? "YAML" : "JSON") + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"));
        }
        if (tree == null || !tree.isObject()) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        return tree;
    }
}
