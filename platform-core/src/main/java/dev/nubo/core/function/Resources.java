package dev.nubo.core.function;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Kubernetes quantities (e.g. {@code 256Mi}, {@code 500m}); passed to the function as memory-limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(String memory, String cpu) {
}
