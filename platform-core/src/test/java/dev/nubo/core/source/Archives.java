package dev.nubo.core.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds zip and tar.gz archives in memory, including hostile ones. */
public final class Archives {

    private Archives() {
    }

    public static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] zipWithSymlink(String name, String target) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry link = new ZipArchiveEntry(name);
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] zipOfZeros(String name, int size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.putArchiveEntry(new ZipArchiveEntry(name));
            byte[] chunk = new byte[64 * 1024];
            for (int written = 0; written < size; written += chunk.length) {
                zip.write(chunk, 0, Math.min(chunk.length, size - written));
            }
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Entries in order; a value starting with {@code ->} makes a symlink, {@code =>} a hard link. */
    public static byte[] tarGz(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                String value = e.getValue();
                if (value.startsWith("->")) {
                    TarArchiveEntry link = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName(value.substring(2));
                    tar.putArchiveEntry(link);
                } else if (value.startsWith("=>")) {
                    TarArchiveEntry link = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_LINK);
                    link.setLinkName(value.substring(2));
                    tar.putArchiveEntry(link);
                } else if (value.equals("<fifo>")) {
                    tar.putArchiveEntry(new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_FIFO));
                } else {
                    byte[] content = value.getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry file = new TarArchiveEntry(e.getKey(), true); // keep hostile absolute names
                    file.setSize(content.length);
                    tar.putArchiveEntry(file);
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
