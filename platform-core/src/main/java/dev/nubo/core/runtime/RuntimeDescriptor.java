package dev.nubo.core.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * A runtime folder's {@code runtime.json}: how to find the language, install dependencies, compile and
 * start the runtime server. The format is documented in docs/function-contract.md.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeDescriptor(
        String language,
        String idPrefix,
        Integer versionParts,
        String fixedVersion,
        Interpreter interpreter,
        String fileExtension,
        String depsFile,
        List<String> install,
        List<String> compile,
        List<String> start,
        Map<String, String> env,
        Map<String, String> buildEnv,
        List<String> kubelessIds,
        Boolean threadPerConnection,
        List<String> sourceFormats,
        List<String> poolStart) {

    public static final String FILE_NAME = "runtime.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public RuntimeDescriptor {
        require(language, "language");
        require(idPrefix, "idPrefix");
        require(interpreter, "interpreter");
        require(fileExtension, "fileExtension");
        if (start == null || start.isEmpty()) {
            throw new IllegalArgumentException("runtime.json: start is required");
        }
        versionParts = versionParts == null ? 2 : versionParts;
        install = install == null ? List.of() : List.copyOf(install);
        compile = compile == null ? List.of() : List.copyOf(compile);
        start = List.copyOf(start);
        env = env == null ? Map.of() : Map.copyOf(env);
        buildEnv = buildEnv == null ? Map.of() : Map.copyOf(buildEnv);
        kubelessIds = kubelessIds == null ? List.of() : List.copyOf(kubelessIds);
        threadPerConnection = threadPerConnection != null && threadPerConnection;
        sourceFormats = sourceFormats == null ? List.of() : List.copyOf(sourceFormats);
        poolStart = poolStart == null ? List.of() : List.copyOf(poolStart);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Interpreter(List<String> candidates, List<String> versionCommand) {
        public Interpreter {
            if (candidates == null || candidates.isEmpty()) {
                throw new IllegalArgumentException("runtime.json: interpreter.candidates is required");
            }
            candidates = List.copyOf(candidates);
            versionCommand = versionCommand == null ? List.of() : List.copyOf(versionCommand);
        }
    }

    public boolean installsDependencies() {
        return !install.isEmpty() && depsFile != null;
    }

    public boolean compiles() {
        return !compile.isEmpty();
    }

    /**
     * Whether an unspecialized server of this runtime can wait in a warm pool: an interpreted runtime's server loads
     * any function on {@code POST /_nubo/specialize}; a compiled one only when runtime.json says how its server starts
     * without a function's build ({@code poolStart}: Java's server loads the compiled classes it is given; Go's server
     * is the function's own binary).
     */
    public boolean pools() {
        return !compiles() || !poolStart.isEmpty();
    }

    /** How a warm-pool server starts: {@code poolStart} when given, else {@code start}. */
    public List<String> poolStartOrStart() {
        return poolStart.isEmpty() ? start : poolStart;
    }

    /**
     * Whether {@code POST /_nubo/specialize} can fetch code given as {@code format} ({@code file}, {@code zip},
     * {@code tar.gz}) from a {@code sourceUrl}; none when the runtime does not fetch code.
     */
    public boolean fetchesSource(String format) {
        return sourceFormats.contains(format);
    }

    public static RuntimeDescriptor read(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), RuntimeDescriptor.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + file + ": " + e.getMessage(), e);
        }
    }

    private static void require(Object value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("runtime.json: " + field + " is required");
        }
    }
}
