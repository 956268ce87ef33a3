package dev.nubo.core.function;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A secret of the function's namespace handed to its replicas: some keys as environment variables, and/or every key
 * as a file under {@code mountPath} (read-only, visible to the function only).
 *
 * @param name      the secret
 * @param env       environment variable → key of the secret
 * @param mountPath where the secret's keys appear as files (e.g. {@code /var/run/secrets/db}); null = no files
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecretRef(
        @JsonPropertyDescription("The secret, in the function's namespace.")
        String name,
        @JsonPropertyDescription("Environment variable name -> key of the secret.")
        Map<String, String> env,
        @JsonPropertyDescription("Directory where every key of the secret appears as a read-only file; empty = no files.")
        String mountPath) {

    public SecretRef {
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
