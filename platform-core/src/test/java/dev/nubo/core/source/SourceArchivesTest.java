package dev.nubo.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class SourceArchivesTest {

    private final SourceArchives archives = new SourceArchives(new ArchiveLimits(100, 20L * 1024 * 1024, 100));

    @TempDir
    Path root;

    @Test
    void extractsNestedFilesOfAZip() throws Exception {
        Path target = root.resolve("code");
        archives.extract(Archives.zip(Map.of("hello.py", "print(1)", "lib/util.py", "X = 2")), ArchiveFormat.ZIP, target);

        assertThat(target.resolve("hello.py")).hasContent("print(1)");
        assertThat(target.resolve("lib/util.py")).hasContent("X = 2");
    }

    @Test
    void extractsATarGz() throws Exception {
        Path target = root.resolve("code");
        archives.extract(Archives.tarGz(Map.of("index.js", "module.exports = {}", "./sub/a.txt", "a")),
                ArchiveFormat.TAR_GZ, target);

        assertThat(target.resolve("index.js")).hasContent("module.exports = {}");
        assertThat(target.resolve("sub/a.txt")).hasContent("a");
    }

    static Stream<Arguments> hostileArchives() {
        Map<String, String> symlinkThenWrite = new LinkedHashMap<>();
        symlinkThenWrite.put("escape", "->/tmp");
        symlinkThenWrite.put("escape/owned.txt", "x");
        Map<String, String> tooMany = new LinkedHashMap<>();
        IntStream.range(0, 101).forEach(i -> tooMany.put("f" + i + ".txt", "x"));
        return Stream.of(
                Arguments.of("zip ../x", Archives.zip(Map.of("../x.py", "x")), ArchiveFormat.ZIP, "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("zip a/../../x", Archives.zip(Map.of("a/../../x.py", "x")), ArchiveFormat.ZIP,
                        "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("zip absolute", Archives.zip(Map.of("/etc/cron.d/x", "x")), ArchiveFormat.ZIP,
                        "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("zip drive letter", Archives.zip(Map.of("C:/x.py", "x")), ArchiveFormat.ZIP,
                        "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("zip backslashes", Archives.zip(Map.of("..\\..\\x.py", "x")), ArchiveFormat.ZIP,
                        "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("zip symlink", Archives.zipWithSymlink("link", "/etc/passwd"), ArchiveFormat.ZIP,
                        "ARCHIVE_LINK"),
                Arguments.of("zip bomb (ratio)", Archives.zipOfZeros("zeros.bin", 8 * 1024 * 1024), ArchiveFormat.ZIP,
                        "ARCHIVE_TOO_LARGE"),
                Arguments.of("zip too many entries", Archives.zip(tooMany), ArchiveFormat.ZIP, "ARCHIVE_TOO_LARGE"),
                Arguments.of("zip garbage", "PK\3\4garbage".getBytes(), ArchiveFormat.ZIP, "ARCHIVE_INVALID"),
                Arguments.of("tar ../x", Archives.tarGz(Map.of("../x.js", "x")), ArchiveFormat.TAR_GZ,
                        "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("tar absolute", Archives.tarGz(Map.of("/tmp/x.js", "x")), ArchiveFormat.TAR_GZ,
                        "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("tar symlink then write", Archives.tarGz(symlinkThenWrite), ArchiveFormat.TAR_GZ,
                        "ARCHIVE_LINK"),
                Arguments.of("tar hard link", Archives.tarGz(Map.of("passwd", "=>/etc/passwd")), ArchiveFormat.TAR_GZ,
                        "ARCHIVE_LINK"),
                Arguments.of("tar fifo", Archives.tarGz(Map.of("pipe", "<fifo>")), ArchiveFormat.TAR_GZ,
                        "ARCHIVE_INVALID"),
                Arguments.of("tar too many entries", Archives.tarGz(tooMany), ArchiveFormat.TAR_GZ, "ARCHIVE_TOO_LARGE"),
                Arguments.of("gzip that is no tar", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2}, ArchiveFormat.TAR_GZ,
                        "ARCHIVE_INVALID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void refusesHostileArchivesAndWritesNothingOutside(String name, byte[] content, ArchiveFormat format, String code)
            throws IOException {
        Path target = root.resolve("fn/code");

        assertThatThrownBy(() -> archives.inspect(content, format))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThatThrownBy(() -> archives.extract(content, format, target))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.code()).isEqualTo(code));
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.startsWith(target))).isEmpty();
        }
    }

    @Test
    void totalExtractedSizeIsBounded() {
        SourceArchives small = new SourceArchives(new ArchiveLimits(100, 1000, 1000));
        byte[] zip = Archives.zip(Map.of("a.txt", "x".repeat(600), "b.txt", "y".repeat(600)));

        assertThatThrownBy(() -> small.inspect(zip, ArchiveFormat.ZIP))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.code()).isEqualTo("ARCHIVE_TOO_LARGE"));
    }

    @Property(tries = 300)
    void noEntryNameEverLandsOutsideTheTarget(@ForAll @StringLength(min = 1, max = 24) String name) throws Exception {
        Path base = Files.createTempDirectory("nubo-prop");
        Path target = base.resolve("code");
        try {
            String entry = name.replace('\0', '_');
            try {
                archives.extract(Archives.zip(Map.of(entry, "x")), ArchiveFormat.ZIP, target);
            } catch (SourceException refused) {
                // refusing is fine; writing outside is not
            }
            try (var files = Files.walk(base)) {
                assertThat(files.filter(Files::isRegularFile)).allMatch(p -> p.normalize().startsWith(target));
            }
        } finally {
            try (var files = Files.walk(base)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
