package dev.nubo.core.function;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeInfo;
import dev.nubo.core.source.ArchiveFormat;
import dev.nubo.core.source.SourceArchives;
import dev.nubo.core.source.SourceException;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.MetadataRules;
import dev.nubo.core.validation.Names;
import dev.nubo.core.validation.ValidationException;

/**
 * The one validation of a Function, used by the API (422), the controller (Failed with reason) and the
 * console (field errors). It reports every problem at once.
 */
public final class FunctionValidator {

    /** {@code module.function}; segments are identifiers (dashes allowed in file names), Java may use a package. */
    static final Pattern HANDLER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)+");
    static final int HANDLER_MAX = 253;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The contract's own variables: a function may not override them. */
    static final Set<String> RESERVED_ENV = Set.of("FUNC_HANDLER", "MOD_NAME", "FUNC_TIMEOUT", "FUNC_PORT",
            "FUNC_HOST", "FUNC_RUNTIME", "FUNC_MEMORY_LIMIT", "FUNC_NAME", "KUBELESS_INSTALL_VOLUME", "PATH", "HOME");
    private static final int MAX_ENV_BYTES = 64 * 1024;

    private final RuntimeCatalog catalog;
    private final FunctionLimits limits;
    private final SourceArchives archives;

    public FunctionValidator(RuntimeCatalog catalog, FunctionLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
        this.archives = new SourceArchives(limits.archive());
    }

    /** Throws {@link ValidationException} listing every problem. */
    public void check(Function function) {
        List<FieldError> errors = validate(function);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    public List<FieldError> validate(Function function) {
        List<FieldError> errors = new ArrayList<>();
        if (function.metadata() == null) {
            errors.add(new FieldError("metadata", "METADATA_REQUIRED", "metadata with a name is required"));
        } else {
            validateMetadata(function, errors);
        }
        if (function.spec() == null) {
            errors.add(new FieldError("spec", "SPEC_REQUIRED", "spec is required"));
        } else {
            validateSpec(function.spec(), errors);
        }
        return errors;
    }

    private void validateMetadata(Function function, List<FieldError> errors) {
        MetadataRules.check(function.metadata(), errors);
    }

    private void validateSpec(FunctionSpec spec, List<FieldError> errors) {
        RuntimeInfo runtime = validateRuntime(spec.runtime(), errors);
        if (spec.handler() == null || spec.handler().isBlank()) {
            errors.add(new FieldError("spec.handler", "HANDLER_REQUIRED", "handler is required, as module.function"));
        } else if (spec.handler().length() > HANDLER_MAX || !HANDLER.matcher(spec.handler()).matches()) {
            errors.add(new FieldError("spec.handler", "HANDLER_INVALID",
                    "must be module.function (letters, digits, '_' and '-', separated by dots), e.g. hello.handler"));
        }
        validateSource(spec.source(), errors);
        if (spec.hasDeps()) {
            if (spec.deps().getBytes(StandardCharsets.UTF_8).length > limits.maxDepsBytes()) {
                errors.add(new FieldError("spec.deps", "DEPS_TOO_LARGE",
                        "at most " + limits.maxDepsBytes() / 1024 + " KiB"));
            }
            if (runtime != null && runtime.depsFile() == null) {
                errors.add(new FieldError("spec.deps", "DEPS_UNSUPPORTED",
                        "runtime " + runtime.id() + " installs no dependencies"));
            }
        }
        validateEnv(spec.env(), errors);
        if (spec.timeoutSeconds() != null
                && (spec.timeoutSeconds() < 1 || spec.timeoutSeconds() > limits.maxTimeoutSeconds())) {
            errors.add(new FieldError("spec.timeoutSeconds", "TIMEOUT_OUT_OF_RANGE",
                    "must be between 1 and " + limits.maxTimeoutSeconds() + " seconds"));
        }
        validateResources(spec.resources(), errors);
        validateScaling(spec.scaling(), errors);
        validateSecrets(spec, errors);
        validateAccess(spec.access(), errors);
    }

    private static void validateAccess(FunctionAccess access, List<FieldError> errors) {
        if (access == null) {
            return;
        }
        if (access.mode() != null && FunctionAccess.Mode.parse(access.mode()).isEmpty()) {
            errors.add(new FieldError("spec.access.mode", "ACCESS_MODE_INVALID",
                    "one of " + String.join(", ", FunctionAccess.Mode.ids()) + " (or left out: the platform's default)"));
        }
        dev.nubo.core.trigger.HttpTriggerValidator.rateLimit(access.rateLimit(), "spec.access.rateLimit", errors);
    }

    /** Mount paths a secret may not take: the system the function runs on, and the sandbox's own places. */
    private static final Set<String> SYSTEM_DIRS = Set.of("/", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc",
            "/proc", "/dev", "/tmp", "/sys", "/var");

    private void validateSecrets(FunctionSpec spec, List<FieldError> errors) {
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> mounts = new java.util.HashSet<>();
        for (int i = 0; i < spec.secrets().size(); i++) {
            SecretRef ref = spec.secrets().get(i);
            String field = "spec.secrets[" + i + "]";
            if (ref == null || !Names.isDns1123Label(ref.name())) {
                errors.add(new FieldError(field + ".name", "SECRET_NAME_INVALID", "names a secret of the namespace"
                        + " (a DNS-1123 label)"));
                continue;
            }
            if (!names.add(ref.name())) {
                errors.add(new FieldError(field + ".name", "SECRET_REPEATED", "secret " + ref.name()
                        + " is named twice; give its env and mountPath in one entry"));
            }
            if (ref.env().isEmpty() && ref.mountPath() == null) {
                errors.add(new FieldError(field, "SECRET_UNUSED", "give env (VARIABLE: key) or a mountPath, or both"));
            }
            ref.env().forEach((variable, key) -> {
                if (!ENV_NAME.matcher(variable).matches() || RESERVED_ENV.contains(variable)) {
                    errors.add(new FieldError(field + ".env", "ENV_INVALID", "variable " + printable(variable)
                            + " is not a valid name or is reserved by the contract"));
                } else if (spec.env().containsKey(variable)) {
                    errors.add(new FieldError(field + ".env", "ENV_DUPLICATE", "variable " + variable
                            + " is already set in spec.env"));
                }
                if (key == null || key.isBlank()) {
                    errors.add(new FieldError(field + ".env", "SECRET_KEY_INVALID", "each variable names a key"));
                }
            });
            if (ref.mountPath() != null) {
                String path = ref.mountPath();
                java.nio.file.Path normal = java.nio.file.Path.of(path).normalize();
                if (!path.startsWith("/") || !normal.toString().equals(path) || path.length() > 256
                        || SYSTEM_DIRS.contains(path) || SYSTEM_DIRS.stream().anyMatch(d -> !d.equals("/")
                                && !d.equals("/var") && path.startsWith(d + "/"))) {
                    errors.add(new FieldError(field + ".mountPath", "MOUNT_PATH_INVALID", "an absolute, normalised"
                            + " path outside the system directories, e.g. /var/run/secrets/" + ref.name()));
                } else if (!mounts.add(path)) {
                    errors.add(new FieldError(field + ".mountPath", "MOUNT_PATH_REPEATED", "two secrets at " + path));
                }
            }
        }
    }

    private RuntimeInfo validateRuntime(String runtime, List<FieldError> errors) {
        if (runtime == null || runtime.isBlank()) {
            errors.add(new FieldError("spec.runtime", "RUNTIME_REQUIRED", "runtime is required; offered: " + offered()));
            return null;
        }
        var found = catalog.find(runtime);
        if (found.isEmpty()) {
            errors.add(new FieldError("spec.runtime", "RUNTIME_UNKNOWN",
                    "runtime " + printable(runtime) + " is not offered here; offered: " + offered()));
        }
        return found.orElse(null);
    }

    private String offered() {
        return catalog.runtimes().stream().map(RuntimeInfo::id).collect(Collectors.joining(", "));
    }

    private void validateSource(FunctionSource source, List<FieldError> errors) {
        if (source == null || source.kindsGiven() != 1) {
            errors.add(new FieldError("spec.source", "SOURCE_INVALID",
                    "give exactly one of inline, zip (base64), tarGz (base64) or url (+ sha256)"));
            return;
        }
        if (source.inline() != null) {
            if (source.inline().isEmpty()) {
                errors.add(new FieldError("spec.source.inline", "SOURCE_EMPTY", "inline source is empty"));
            } else if (source.inline().getBytes(StandardCharsets.UTF_8).length > limits.maxSourceBytes()) {
                errors.add(tooLarge("spec.source.inline"));
            }
        } else if (source.zip() != null) {
            validateArchive("spec.source.zip", source.zip(), ArchiveFormat.ZIP, errors);
        } else if (source.tarGz() != null) {
            validateArchive("spec.source.tarGz", source.tarGz(), ArchiveFormat.TAR_GZ, errors);
        } else {
            validateUrl(source, errors);
        }
    }

    private void validateArchive(String field, String base64, ArchiveFormat expected, List<FieldError> errors) {
        if ((long) base64.length() * 3 / 4 > limits.maxSourceBytes() + 3) {
            errors.add(tooLarge(field));
            return;
        }
        byte[] content;
        try {
            content = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "SOURCE_NOT_BASE64", "not valid base64: " + e.getMessage()));
            return;
        }
        if (ArchiveFormat.detect(content) != expected) {
            errors.add(new FieldError(field, "SOURCE_FORMAT_MISMATCH",
                    "content is not a " + (expected == ArchiveFormat.ZIP ? "zip" : "gzip-compressed tar") + " archive"));
            return;
        }
        try {
            archives.inspect(content, expected);
        } catch (SourceException e) {
            errors.add(new FieldError(field, e.code(), e.getMessage()));
        }
    }

    private void validateUrl(FunctionSource source, List<FieldError> errors) {
        try {
            URI uri = new URI(source.url());
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())
                    || uri.getHost() == null) {
                errors.add(new FieldError("spec.source.url", "SOURCE_URL_INVALID", "must be an http or https URL"));
            }
        } catch (java.net.URISyntaxException e) {
            errors.add(new FieldError("spec.source.url", "SOURCE_URL_INVALID", "not a URL: " + e.getReason()));
        }
        if (source.sha256() == null || !SHA256.matcher(source.sha256()).matches()) {
            errors.add(new FieldError("spec.source.sha256", "CHECKSUM_INVALID",
                    "a URL source needs the sha256 of its content: 64 lower-case hex digits"));
        }
    }

    private void validateEnv(Map<String, String> env, List<FieldError> errors) {
        int bytes = 0;
        for (var entry : env.entrySet()) {
            String name = entry.getKey();
            if (!ENV_NAME.matcher(name).matches()) {
                errors.add(new FieldError("spec.env", "ENV_NAME_INVALID",
                        "variable name " + printable(name) + " must match [A-Za-z_][A-Za-z0-9_]*"));
            } else if (RESERVED_ENV.contains(name) || name.startsWith("NUBO_")) {
                errors.add(new FieldError("spec.env", "ENV_RESERVED",
                        "variable " + name + " is set by the platform (reserved: " + RESERVED_ENV.stream().sorted()
                                .collect(Collectors.joining(", ")) + ", NUBO_*)"));
            }
            String value = entry.getValue();
            if (value == null || value.indexOf('\0') >= 0) {
                errors.add(new FieldError("spec.env", "ENV_VALUE_INVALID", "variable " + printable(name)
                        + " needs a value without NUL characters"));
            } else {
                bytes += name.length() + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (bytes > MAX_ENV_BYTES) {
            errors.add(new FieldError("spec.env", "ENV_TOO_LARGE", "at most " + MAX_ENV_BYTES / 1024 + " KiB in all"));
        }
    }

    private void validateResources(Resources resources, List<FieldError> errors) {
        if (resources == null) {
            return;
        }
        if (resources.memory() != null && !Quantities.valid(resources.memory())) {
            errors.add(new FieldError("spec.resources.memory", "QUANTITY_INVALID",
                    "must be a Kubernetes quantity such as 256Mi or 1Gi"));
        }
        if (resources.cpu() != null && !Quantities.valid(resources.cpu())) {
            errors.add(new FieldError("spec.resources.cpu", "QUANTITY_INVALID",
                    "must be a Kubernetes quantity such as 500m or 1"));
        }
    }

    private void validateScaling(Scaling scaling, List<FieldError> errors) {
        if (scaling == null) {
            return;
        }
        Integer min = scaling.minReplicas();
        Integer max = scaling.maxReplicas();
        if (min != null && (min < 0 || min > limits.maxReplicas())) {
            errors.add(new FieldError("spec.scaling.minReplicas", "SCALING_INVALID",
                    "must be between 0 (scale to zero when idle) and " + limits.maxReplicas()));
        }
        if (max != null && (max < 1 || max > limits.maxReplicas())) {
            errors.add(new FieldError("spec.scaling.maxReplicas", "SCALING_INVALID",
                    "must be between 1 and " + limits.maxReplicas()));
        }
        if (min != null && max != null && max < min) {
            errors.add(new FieldError("spec.scaling.maxReplicas", "SCALING_INVALID",
                    "must not be below minReplicas"));
        }
        if (scaling.targetConcurrency() != null && scaling.targetConcurrency() < 1) {
            errors.add(new FieldError("spec.scaling.targetConcurrency", "SCALING_INVALID", "must be at least 1"));
        }
        if (scaling.idleSeconds() != null && (scaling.idleSeconds() < 1 || scaling.idleSeconds() > 86_400)) {
            errors.add(new FieldError("spec.scaling.idleSeconds", "SCALING_INVALID",
                    "must be between 1 and 86400 seconds"));
        }
        if (scaling.targetConcurrency() != null && scaling.targetConcurrency() > 10_000) {
            errors.add(new FieldError("spec.scaling.targetConcurrency", "SCALING_INVALID", "must be at most 10000"));
        }
        Integer cap = scaling.containerConcurrency();
        if (cap != null && (cap < 1 || cap > Scaling.MAX_CONTAINER_CONCURRENCY)) {
            errors.add(new FieldError("spec.scaling.containerConcurrency", "SCALING_INVALID",
                    "must be between 1 and " + Scaling.MAX_CONTAINER_CONCURRENCY));
        }
    }

    private FieldError tooLarge(String field) {
        return new FieldError(field, "SOURCE_TOO_LARGE",
                "source is larger than " + limits.maxSourceBytes() / (1024 * 1024) + " MiB");
    }

    static String printable(String value) {
        return MetadataRules.printable(value);
    }
}
