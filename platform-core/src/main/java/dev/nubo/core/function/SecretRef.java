package dev.nubo.core.function;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A secret of the function's namespace handed to its replicas: some keys as environment variables, and/or every key
 * as a file under {@code mountPath} (read-only, visible to the function only).
 *
 * @param name      the secret
 * @param env       environment variable → key of the secret
 * @param mountPath where the secret's keys appear as files (e.g. {@code /var/run/secrets/db}); null = no files
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecretRef(String name, Map<String, String> env, String mountPath) {

    public SecretRef {
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
