package dev.nubo.core.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Kubernetes quantities (e.g. {@code 256Mi}, {@code 500m}); passed to the function as memory-limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(
        @JsonPropertyDescription("Memory limit, e.g. 256Mi; passed to the function as memory-limit.")
        String memory,
        @JsonPropertyDescription("CPU limit, e.g. 500m.")
        String cpu) {
}
