package dev.nubo.console.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.multipart.MultipartFile;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionAccess;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * The create/edit form of a function, as the browser posts it. {@link #toFunction} turns it into the same
 * {@link Function} the API receives, so the one validator judges both; {@link #fieldOf} maps a validator's JSON path
 * back to the form field that shows its message.
 *
 * @param code the editor's text (inline source); an uploaded file replaces it: a zip or tar.gz archive, or one file
 * @param env  {@code KEY=value}, one per line
 * @param generation the spec generation the page showed: a save over a newer one is refused (409), while status
 *                   writes (which change the resourceVersion every few seconds) do not get in the way
 * @param access     the gateway access mode ({@code public}, {@code token}, {@code basic}); blank: the platform's default
 */
public record FunctionForm(String name, String runtime, String handler, String code, String deps, String env,
        String timeoutSeconds, String minReplicas, String maxReplicas, String generation, String access) {

    public static FunctionForm of(Function function) {
        FunctionSpec spec = function.spec();
        StringBuilder env = new StringBuilder();
        spec.env().forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
        Scaling scaling = spec.scaling();
        return new FunctionForm(function.name(), spec.runtime(), spec.handler(),
                spec.source() == null ? null : spec.source().inline(), spec.deps(), env.toString(),
                spec.timeoutSeconds() == null ? null : spec.timeoutSeconds().toString(),
                scaling == null || scaling.minReplicas() == null ? null : scaling.minReplicas().toString(),
                scaling == null || scaling.maxReplicas() == null ? null : scaling.maxReplicas().toString(),
                Long.toString(function.generation()),
                spec.access() == null || spec.access().mode() == null ? "" : spec.access().mode());
    }

    public FunctionForm withCode(String handlerText, String codeText) {
        return new FunctionForm(name, runtime, handlerText, codeText, deps, env, timeoutSeconds, minReplicas,
                maxReplicas, generation, access);
    }

    /**
     * Hands the function this form describes to {@code useCase}. When the form itself is wrong (a number that is
     * not one, an env line without '='), nothing is stored: {@code check} still runs, so every message shows at once.
     * {@code keep} supplies what the form does not show (an archive source, secrets, resources).
     */
    public <R> R submit(String namespace, MultipartFile upload, FunctionSpec keep,
            java.util.function.UnaryOperator<Function> check, java.util.function.Function<Function, R> useCase) {
        List<FieldError> errors = new ArrayList<>();
        Function function = toFunction(namespace, upload, keep, errors);
        if (errors.isEmpty()) {
            return useCase.apply(function);
        }
        try {
            check.apply(function);
        } catch (ValidationException e) {
            errors.addAll(e.errors());
        }
        throw new ValidationException(errors);
    }

    private Function toFunction(String namespace, MultipartFile upload, FunctionSpec keep, List<FieldError> errors) {
        Integer timeout = number("timeoutSeconds", "spec.timeoutSeconds", timeoutSeconds, errors);
        Integer min = number("minReplicas", "spec.scaling.minReplicas", minReplicas, errors);
        Integer max = number("maxReplicas", "spec.scaling.maxReplicas", maxReplicas, errors);
        Map<String, String> environment = environment(errors);
        FunctionSource source = source(upload, keep);
        Scaling scaling = keep != null && keep.scaling() != null
                ? new Scaling(min, max, keep.scaling().targetConcurrency(), keep.scaling().idleSeconds())
                : min == null && max == null ? null : new Scaling(min, max, null, null);
        FunctionSpec spec = new FunctionSpec(blankToNull(runtime), blankToNull(handler), source, blankToNull(deps),
                environment, timeout, keep == null ? null : keep.resources(), scaling,
                keep == null ? List.of() : keep.secrets(), access(keep));
        ObjectMeta meta = new ObjectMeta(blankToNull(name), namespace, null, null, null, null, null);
        return Function.of(meta, spec);
    }

    /** The mode chosen here; the rate limit (not on the form) is kept. */
    private FunctionAccess access(FunctionSpec keep) {
        String mode = blankToNull(access);
        var limit = keep == null || keep.access() == null ? null : keep.access().rateLimit();
        return mode == null && limit == null ? null : new FunctionAccess(mode, limit);
    }

    private FunctionSource source(MultipartFile upload, FunctionSpec keep) {
        if (upload != null && !upload.isEmpty()) {
            String file = upload.getOriginalFilename() == null ? "" : upload.getOriginalFilename().toLowerCase(Locale.ROOT);
            byte[] bytes;
            try {
                bytes = upload.getBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String base64 = Base64.getEncoder().encodeToString(bytes);
            if (file.endsWith(".zip")) {
                return FunctionSource.zip(base64);
            }
            if (file.endsWith(".tar.gz") || file.endsWith(".tgz")) {
                return FunctionSource.tarGz(base64);
            }
            return FunctionSource.inline(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (code != null && !code.isBlank()) {
            return FunctionSource.inline(code.replace("\r\n", "\n"));
        }
        return keep == null ? null : keep.source();
    }

    private Map<String, String> environment(List<FieldError> errors) {
        Map<String, String> result = new LinkedHashMap<>();
        if (env == null) {
            return result;
        }
        int lineNumber = 0;
        for (String line : env.split("\\R")) {
            lineNumber++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                errors.add(new FieldError("spec.env", "FIELD_INVALID",
                        "line " + lineNumber + " is not KEY=value"));
                continue;
            }
            result.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        return result;
    }

    private static Integer number(String field, String path, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(path, "FIELD_INVALID", field + " must be a whole number"));
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The form field that shows a validator message about {@code path}; {@code general} when none does. */
    public static String fieldOf(String path) {
        if (path == null) {
            return "general";
        }
        if (path.startsWith("metadata.name")) {
            return "name";
        }
        if (path.startsWith("spec.runtime")) {
            return "runtime";
        }
        if (path.startsWith("spec.access")) {
            return "access";
        }
        if (path.startsWith("spec.handler")) {
            return "handler";
        }
        if (path.startsWith("spec.source")) {
            return "code";
        }
        if (path.startsWith("spec.deps")) {
            return "deps";
        }
        if (path.startsWith("spec.env")) {
            return "env";
        }
        if (path.startsWith("spec.timeoutSeconds")) {
            return "timeoutSeconds";
        }
        if (path.startsWith("spec.scaling.maxReplicas")) {
            return "maxReplicas";
        }
        if (path.startsWith("spec.scaling")) {
            return "minReplicas";
        }
        return "general";
    }

    /** Messages per form field, several joined. */
    public static Map<String, String> messages(List<FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : errors) {
            byField.merge(fieldOf(error.field()), error.message(), (a, b) -> a + "; " + b);
        }
        return byField;
    }
}
