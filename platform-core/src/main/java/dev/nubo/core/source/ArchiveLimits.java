package dev.nubo.core.source;

/**
 * What an archive may hold. The ratio guards against bombs: an entry may expand to at most {@code maxRatio}
 * times its compressed size (entries under 1 MiB are exempt: tiny text compresses well).
 */
public record ArchiveLimits(int maxEntries, long maxExtractedBytes, int maxRatio) {

    public static final ArchiveLimits DEFAULT = new ArchiveLimits(10_000, 512L * 1024 * 1024, 100);
}
