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
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body is not valid "
                    + (yaml ? "YAML" : "JSON") + where(e));
        }
        if (tree == null || !tree.isObject()) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        return tree;
    }

    /** Where a text stopped parsing, never what it said; empty when the parser cannot tell (e.g. nesting too deep). */
    public static String where(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
