package dev.nubo.api.function;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.nubo.core.function.Function;
import dev.nubo.core.kubeless.KubelessFunctionConverter;
import dev.nubo.core.model.Resource;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a submitted function: the native JSON (or YAML) shape, or a Kubeless {@code kubeless.io/v1beta1} manifest,
 * which is converted. Unknown fields are refused (a typo such as {@code timeoutSecond} must not pass silently);
 * fields the platform owns (status, uid, generation) are ignored.
 */
@Component
class FunctionDocuments {

    static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final KubelessFunctionConverter kubeless;

    FunctionDocuments(KubelessFunctionConverter kubeless) {
        this.kubeless = kubeless;
    }

    Function read(byte[] body, MediaType contentType) {
        boolean isYaml = contentType != null && YAML_TYPES.contains(contentType.getType() + "/" + contentType.getSubtype());
        if (contentType != null && !isYaml && !contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            throw new ProblemException(415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "send application/json, or application/yaml for YAML manifests");
        }
        ObjectMapper mapper = isYaml ? yaml : json;
        JsonNode tree;
        try {
            tree = mapper.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST,
                    "the body is not valid " + (isYaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        if (KubelessFunctionConverter.isKubeless(tree)) {
            return kubeless.convert(tree);
        }
        return readNative(mapper, tree);
    }

    private Function readNative(ObjectMapper mapper, JsonNode tree) {
        String apiVersion = tree.path("apiVersion").asString(Resource.API_VERSION);
        String kind = tree.path("kind").asString(Function.KIND);
        if (!Resource.API_VERSION.equals(apiVersion) || !Function.KIND.equals(kind)) {
            throw new ValidationException(List.of(new FieldError("apiVersion", "KIND_UNSUPPORTED",
                    "expected apiVersion " + Resource.API_VERSION + " and kind Function (or a "
                            + KubelessFunctionConverter.API_VERSION + " Function)")));
        }
        try {
            Function function = mapper.treeToValue(tree, Function.class);
            return new Function(Resource.API_VERSION, Function.KIND, function.metadata(), function.spec(), null);
        } catch (UnrecognizedPropertyException e) {
            throw new ValidationException(List.of(new FieldError(path(e), "FIELD_UNKNOWN",
                    "unknown field '" + e.getPropertyName() + "'")));
        } catch (JacksonException e) {
            throw new ValidationException(List.of(new FieldError(path(e), "FIELD_INVALID", e.getOriginalMessage())));
        }
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }
}
