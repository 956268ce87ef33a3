package dev.nubo.core.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.nubo.core.function.FunctionLimits;
import dev.nubo.core.source.ArchiveLimits;

/**
 * Settings every service shares ({@code nubo.*}; environment variables such as {@code NUBO_DATA_DIR} bind by
 * Spring's relaxed rules).
 *
 * @param dataDir   where the store, function builds, logs and credentials live
 * @param functions bounds on function specs
 */
@ConfigurationProperties("nubo")
public record NuboProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Functions functions) {

    /**
     * @param maxSourceMegabytes decoded size of a function's code
     * @param maxDepsKilobytes   size of the dependency file text
     */
    public record Functions(
            @DefaultValue("50") int maxSourceMegabytes,
            @DefaultValue("1024") int maxDepsKilobytes,
            @DefaultValue("900") int maxTimeoutSeconds,
            @DefaultValue("20") int maxReplicas,
            @DefaultValue("30") int defaultTimeoutSeconds,
            @DefaultValue("10000") int maxArchiveEntries,
            @DefaultValue("512") int maxExtractedMegabytes) {

        public FunctionLimits limits() {
            return new FunctionLimits((long) maxSourceMegabytes * 1024 * 1024, (long) maxDepsKilobytes * 1024,
                    maxTimeoutSeconds, maxReplicas, defaultTimeoutSeconds,
                    new ArchiveLimits(maxArchiveEntries, (long) maxExtractedMegabytes * 1024 * 1024,
                            ArchiveLimits.DEFAULT.maxRatio()));
        }
    }

    public Path absoluteDataDir() {
        return dataDir.toAbsolutePath().normalize();
    }
}
