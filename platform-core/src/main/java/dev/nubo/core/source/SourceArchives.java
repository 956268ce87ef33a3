package dev.nubo.core.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks zip and tar.gz sources without trusting them: no entry may leave the target directory (zip-slip),
 * links and special files are refused, and entry count, total size and compression ratio are bounded while
 * reading (headers can lie). {@link #inspect} runs the same checks without writing, so the API can refuse a
 * bad archive before it is stored.
 */
public final class SourceArchives {

    public static final String ARCHIVE_INVALID = "ARCHIVE_INVALID";
    public static final String ARCHIVE_UNSAFE_PATH = "ARCHIVE_UNSAFE_PATH";
    public static final String ARCHIVE_LINK = "ARCHIVE_LINK";
    public static final String ARCHIVE_TOO_LARGE = "ARCHIVE_TOO_LARGE";

    private static final long RATIO_EXEMPT_BYTES = 1024 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final ArchiveLimits limits;

    public SourceArchives(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** Checks the archive completely without writing anything. */
    public void inspect(byte[] content, ArchiveFormat format) throws SourceException {
        unpack(content, format, null);
    }

    /** Extracts into {@code target} (created if missing). */
    public void extract(byte[] content, ArchiveFormat format, Path target) throws SourceException {
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new SourceException(ARCHIVE_INVALID, "cannot create " + target + ": " + e.getMessage(), e);
        }
        unpack(content, format, target.toAbsolutePath().normalize());
    }

    private void unpack(byte[] content, ArchiveFormat format, Path target) throws SourceException {
        try {
            switch (format) {
                case ZIP -> unpackZip(content, target);
                case TAR_GZ -> unpackTarGz(content, target);
                case PLAIN_FILE -> throw new SourceException(ARCHIVE_INVALID, "not a zip or tar.gz archive");
            }
        } catch (IOException | RuntimeException e) {
            throw new SourceException(ARCHIVE_INVALID, "unreadable " + format.name().toLowerCase().replace('_', '.')
                    + " archive: " + e.getMessage(), e);
        }
    }

    private void unpackZip(byte[] content, Path target) throws IOException, SourceException {
        Budget budget = new Budget();
        try (ZipFile zip = ZipFile.builder().setByteArray(content).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                budget.countEntry();
                if (entry.isUnixSymlink()) {
                    throw new SourceException(ARCHIVE_LINK, "links are not allowed in archives: " + entry.getName());
                }
                Path out = safePath(entry.getName(), target);
                if (entry.isDirectory()) {
                    createDirectory(out);
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    copy(in, entry, out, budget, Math.max(entry.getCompressedSize(), 1));
                }
            }
        }
    }

    private void unpackTarGz(byte[] content, Path target) throws IOException, SourceException {
        Budget budget = new Budget();
        long compressedTotal = content.length;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(content)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                budget.countEntry();
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new SourceException(ARCHIVE_LINK, "links are not allowed in archives: " + entry.getName());
                }
                if (entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice()
                        || !(entry.isDirectory() || entry.isFile())) {
                    throw new SourceException(ARCHIVE_INVALID, "special files are not allowed: " + entry.getName());
                }
                Path out = safePath(entry.getName(), target);
                if (entry.isDirectory()) {
                    createDirectory(out);
                    continue;
                }
                // tar has no per-entry compressed size: bound the whole stream's ratio instead
                copy(tar, entry, out, budget, compressedTotal);
            }
        }
    }

    private void copy(InputStream in, ArchiveEntry entry, Path out, Budget budget, long compressedSize)
            throws IOException, SourceException {
        byte[] buffer = new byte[BUFFER];
        long written = 0;
        OutputStream sink = out == null ? OutputStream.nullOutputStream() : openFile(out);
        try (sink) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                written += n;
                budget.countBytes(n);
                if (written > RATIO_EXEMPT_BYTES && written / compressedSize > limits.maxRatio()) {
                    throw new SourceException(ARCHIVE_TOO_LARGE, "entry " + entry.getName()
                            + " expands more than " + limits.maxRatio() + " times (a zip bomb?)");
                }
                sink.write(buffer, 0, n);
            }
        }
    }

    private static OutputStream openFile(Path out) throws IOException {
        Files.createDirectories(out.getParent());
        return Files.newOutputStream(out);
    }

    private static void createDirectory(Path out) throws IOException {
        if (out != null) {
            Files.createDirectories(out);
        }
    }

    /**
     * The entry's path inside {@code target}, or null when only inspecting. Refuses absolute names, drive
     * letters, backslashes and any {@code ..} that would climb out.
     */
    static Path safePath(String name, Path target) throws SourceException {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.contains("\\") || name.startsWith("/")
                || name.matches("^[A-Za-z]:.*")) {
            throw new SourceException(ARCHIVE_UNSAFE_PATH, "unsafe path in archive: " + printable(name));
        }
        Path relative = Path.of(name).normalize();
        if (relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty() && !name.endsWith("/")) {
            throw new SourceException(ARCHIVE_UNSAFE_PATH, "unsafe path in archive: " + printable(name));
        }
        if (target == null) {
            return null;
        }
        Path resolved = target.resolve(relative).normalize();
        if (!resolved.startsWith(target)) {
            throw new SourceException(ARCHIVE_UNSAFE_PATH, "unsafe path in archive: " + printable(name));
        }
        return resolved;
    }

    private static String printable(String name) {
        return name.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private final class Budget {
        private int entries;
        private long bytes;

        void countEntry() throws SourceException {
            if (++entries > limits.maxEntries()) {
                throw new SourceException(ARCHIVE_TOO_LARGE, "more than " + limits.maxEntries() + " entries");
            }
        }

        void countBytes(long n) throws SourceException {
            bytes += n;
            if (bytes > limits.maxExtractedBytes()) {
                throw new SourceException(ARCHIVE_TOO_LARGE,
                        "extracts to more than " + limits.maxExtractedBytes() / (1024 * 1024) + " MiB");
            }
        }
    }
}
