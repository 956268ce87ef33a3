package dev.nubo.core.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A runtime this installation offers, as {@code GET /api/v1/runtimes} shows it.
 *
 * @param depsFile      the dependency file the runtime installs (requirements.txt…), null when none
 * @param fileExtension the extension inline source is stored with ({@code hello.py})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuntimeInfo(String id, String language, String version, String depsFile, String fileExtension) {
}
