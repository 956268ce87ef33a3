package dev.nubo.core.kubeless;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.Resources;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a {@code kubeless.io/v1beta1} Function manifest into a Nubo Function: handler, runtime (mapped to the
 * nearest offered version of the same language), code by {@code function-content-type}, checksum, deps,
 * timeout, and the env/resources/replicas Kubeless kept in its embedded Deployment.
 */
public final class KubelessFunctionConverter {

    public static final String API_VERSION = "kubeless.io/v1beta1";
    /** Kubeless's default timeout, kept so converted functions behave as before. */
    static final int KUBELESS_DEFAULT_TIMEOUT = 180;

    private final RuntimeCatalog catalog;

    public KubelessFunctionConverter(RuntimeCatalog catalog) {
        this.catalog = catalog;
    }

    public static boolean isKubeless(JsonNode manifest) {
        return API_VERSION.equals(manifest.path("apiVersion").asString(""));
    }

    public Function convert(JsonNode manifest) {
        List<FieldError> errors = new ArrayList<>();
        if (!"Function".equals(manifest.path("kind").asString(""))) {
            errors.add(new FieldError("kind", "KIND_UNSUPPORTED", "only kind Function of " + API_VERSION + " is accepted"));
        }
        JsonNode spec = manifest.path("spec");
        FunctionSource source = source(spec, errors);
        Container container = container(spec.path("deployment"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String requestedRuntime = text(spec, "runtime");
        String runtime = requestedRuntime == null ? null
                : catalog.nearest(requestedRuntime).map(r -> r.id()).orElse(requestedRuntime);
        FunctionSpec nubo = new FunctionSpec(runtime, text(spec, "handler"), source, text(spec, "deps"),
                container.env(), timeout(spec, errors), container.resources(), scaling(spec), List.of(), null);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return Function.of(metadata(manifest.path("metadata")), nubo);
    }

    private static ObjectMeta metadata(JsonNode meta) {
        Map<String, String> labels = new LinkedHashMap<>();
        meta.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return new ObjectMeta(text(meta, "name"), text(meta, "namespace"), labels, null, null, null, null);
    }

    private static FunctionSource source(JsonNode spec, List<FieldError> errors) {
        String content = text(spec, "function");
        String contentType = text(spec, "function-content-type");
        String type = contentType == null ? "text" : contentType.replace("+deps", "");
        if (content == null) {
            errors.add(new FieldError("spec.function", "SOURCE_INVALID", "spec.function (the code) is required"));
            return null;
        }
        return switch (type) {
            case "text" -> FunctionSource.inline(content);
            case "base64" -> decodeText(content, errors);
            case "base64+zip" -> FunctionSource.zip(content);
            case "base64+compressedtar" -> FunctionSource.tarGz(content);
            case "url", "url+zip", "url+compressedtar" -> FunctionSource.url(content, checksum(spec, errors));
            default -> {
                errors.add(new FieldError("spec.function-content-type", "CONTENT_TYPE_UNSUPPORTED",
                        "supported: text, base64, base64+zip, base64+compressedtar, url, url+zip, url+compressedtar"));
                yield null;
            }
        };
    }

    private static FunctionSource decodeText(String base64, List<FieldError> errors) {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(base64);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return FunctionSource.inline(text);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            errors.add(new FieldError("spec.function", "SOURCE_NOT_BASE64",
                    "function-content-type base64 needs base64 of UTF-8 text"));
            return null;
        }
    }

    private static String checksum(JsonNode spec, List<FieldError> errors) {
        String checksum = text(spec, "checksum");
        if (checksum == null || !checksum.startsWith("sha256:")) {
            errors.add(new FieldError("spec.checksum", "CHECKSUM_INVALID",
                    "a url function needs checksum sha256:<hex of the content>"));
            return null;
        }
        return checksum.substring("sha256:".length()).toLowerCase();
    }

    private static Integer timeout(JsonNode spec, List<FieldError> errors) {
        String timeout = text(spec, "timeout");
        if (timeout == null || timeout.isBlank()) {
            return KUBELESS_DEFAULT_TIMEOUT;
        }
        try {
            return Integer.parseInt(timeout.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError("spec.timeout", "TIMEOUT_OUT_OF_RANGE", "timeout must be a whole number of seconds"));
            return null;
        }
    }

    private static Scaling scaling(JsonNode spec) {
        JsonNode hpa = spec.path("horizontalPodAutoscaler").path("spec");
        if (hpa.has("maxReplicas")) {
            int min = hpa.path("minReplicas").asInt(1);
            return new Scaling(min, hpa.path("maxReplicas").asInt(min), null, null);
        }
        JsonNode replicas = spec.path("deployment").path("spec").path("replicas");
        return replicas.isNumber() ? new Scaling(replicas.asInt(), replicas.asInt(), null, null) : null;
    }

    private record Container(Map<String, String> env, Resources resources) {
    }

    /** Kubeless functions set env and resources on the first container of their Deployment template. */
    private static Container container(JsonNode deployment, List<FieldError> errors) {
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            if (variable.has("valueFrom")) {
                errors.add(new FieldError("spec.deployment.env", "ENV_VALUE_FROM_UNSUPPORTED",
                        "env " + variable.path("name").asString("") + " uses valueFrom, which is not supported yet"));
            } else {
                env.put(variable.path("name").asString(""), variable.path("value").asString(""));
            }
        }
        JsonNode limits = container.path("resources").path("limits");
        JsonNode requests = container.path("resources").path("requests");
        String memory = text(limits, "memory") != null ? text(limits, "memory") : text(requests, "memory");
        String cpu = text(limits, "cpu") != null ? text(limits, "cpu") : text(requests, "cpu");
        return new Container(env, memory == null && cpu == null ? null : new Resources(memory, cpu));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
}
