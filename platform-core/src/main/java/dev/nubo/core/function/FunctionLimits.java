package dev.nubo.core.function;

import dev.nubo.core.source.ArchiveLimits;

/**
 * Bounds a function spec must stay within; an installation configures them.
 *
 * @param maxSourceBytes decoded size of inline/zip/tar.gz/URL source
 */
public record FunctionLimits(long maxSourceBytes, long maxDepsBytes, int maxTimeoutSeconds, int maxReplicas,
        int defaultTimeoutSeconds, ArchiveLimits archive) {

    public static final FunctionLimits DEFAULT = new FunctionLimits(
            50L * 1024 * 1024, 1024 * 1024, 900, 20, FunctionSpec.DEFAULT_TIMEOUT_SECONDS, ArchiveLimits.DEFAULT);
}
