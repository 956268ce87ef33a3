package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import tools.jackson.databind.node.ObjectNode;

import dev.nubo.core.source.Checksums;

/**
 * The warm pool on Kubernetes: a pool server has no code, so POST /_nubo/specialize names it by {@code sourceUrl},
 * {@code sourceSha256}, {@code sourceFormat} and {@code codeFile}; the server downloads it (here from a
 * {@link SourceHost} of the suite), checks the digest and unpacks it into a {@code codeDir} it creates. Each
 * runtime is held to the formats its runtime.json lists in {@code sourceFormats}; one that lists none (the
 * compiled runtimes, which have no pool) skips these checks.
 */
final class SourceUrlChecks extends CheckGroup {

    private static final String FILE = "file";
    private static final String NESTED_FILE = "data/greeting.txt";

    private final Once<SourceHost> host = new Once<>("starting the source host", SourceHost::start);
    private final Once<ServerProcess> server;

    SourceUrlChecks(RuntimeUnderTest runtime) {
        super(runtime);
        this.server = new Once<>("starting an unspecialized server", () -> runtime.startUnspecialized("source-file"));
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("sourceUrl: a source whose SHA-256 is not sourceSha256 is refused with 500 {error}; nothing "
                        + "is written and the server stays unspecialized", this::wrongDigest),
                new Check("sourceUrl: a codeFile with '/' or '..', an unknown sourceFormat or one runtime.json does "
                        + "not list answer 400 and the server stays unspecialized", this::badRequests),
                new Check("sourceUrl (file): after the refusals, the source is downloaded into the codeDir it "
                        + "creates, as codeFile; then /hello works and /env sees its env", this::singleFile),
                new Check("sourceUrl (zip): an entry climbing out of codeDir is refused (500) and nothing is "
                        + "unpacked; then the archive is unpacked and /hello works", () -> archive("zip")),
                new Check("sourceUrl (tar.gz): an entry climbing out of codeDir is refused (500) and nothing is "
                        + "unpacked; then the archive is unpacked and /hello works", () -> archive("tar.gz")));
    }

    @Override
    protected FunctionClient client() {
        return server.get().client();
    }

    private void wrongDigest() {
        assumeFetchesSource(FILE);
        Path codeDir = codeDir("file");
        ObjectNode request = sourceRequest(codeDir, host.get().serve(codeFile(), fixtureCode()), Checksums.sha256("other"),
                FILE);
        Reply reply = assertStatus(client().post(SpecializeChecks.PATH, "application/json", request.toString()), 500);
        assertThat(reply.field("error")).as("error in %s", reply).containsIgnoringCase("sha-256");
        assertThat(regularFilesUnder(codeDir.getParent())).as("files written for a source that failed its digest")
                .isEmpty();
        assertStillUnspecialized(client());
    }

    private void badRequests() {
        assumeFetchesSource(FILE);
        Path codeDir = codeDir("file");
        String url = host.get().serve(codeFile(), fixtureCode());
        String sha256 = Checksums.sha256(fixtureCode());
        Map<String, ObjectNode> requests = new LinkedHashMap<>();
        for (String codeFile : List.of("../" + codeFile(), "sub/" + codeFile(), "..")) {
            requests.put("codeFile " + codeFile, sourceRequest(codeDir, url, sha256, FILE).put("codeFile", codeFile));
        }
        requests.put("sourceFormat rar", sourceRequest(codeDir, url, sha256, "rar"));
        for (String format : List.of("zip", "tar.gz")) {
            if (!runtime.build().runtime().descriptor().fetchesSource(format)) {
                requests.put("sourceFormat " + format + " (not in runtime.json)", sourceRequest(codeDir, url, sha256,
                        format));
            }
        }
        requests.forEach((what, request) -> {
            Reply reply = client().post(SpecializeChecks.PATH, "application/json", request.toString());
            assertThat(reply.status()).as("status for %s: %s", what, reply).isEqualTo(400);
            assertThat(reply.field("error")).as("error for %s in %s", what, reply).isNotBlank();
        });
        assertThat(regularFilesUnder(codeDir.getParent())).as("files written for requests that were refused").isEmpty();
        assertStillUnspecialized(client());
    }

    private void singleFile() {
        assumeFetchesSource(FILE);
        try {
            Path codeDir = codeDir("file");
            ObjectNode request = sourceRequest(codeDir, host.get().serve(codeFile(), fixtureCode()),
                    Checksums.sha256(fixtureCode()), FILE);
            assertStatus(client().post(SpecializeChecks.PATH, "application/json", request.toString()), 200);
            assertThat(codeDir.resolve(codeFile())).as("the downloaded code").hasBinaryContent(fixtureCode());
            assertBody(client().get("/hello"), "hello world");
            assertBody(client().get("/env"), "hi");
        } finally {
            server.ifDone(ServerProcess::close);
        }
    }

    private void archive(String format) {
        try {
            assumeFetchesSource(format);
            try (ServerProcess pooled = runtime.startUnspecialized("source-" + format.replace('.', '-'))) {
                unpacksOnlyASafeArchive(pooled.client(), format);
            }
        } finally {
            if (format.equals("tar.gz")) {
                host.ifDone(SourceHost::close); // the group's last check
            }
        }
    }

    private void unpacksOnlyASafeArchive(FunctionClient client, String format) {
        Path codeDir = codeDir(format);
        Map<String, byte[]> escaping = new LinkedHashMap<>(fixtureFiles());
        escaping.put("../escaped.txt", "out".getBytes(StandardCharsets.UTF_8));
        byte[] hostile = archiveOf(format, escaping);
        Reply refused = client.post(SpecializeChecks.PATH, "application/json", sourceRequest(codeDir,
                host.get().serve("source." + format, hostile), Checksums.sha256(hostile), format).toString());
        assertStatus(refused, 500);
        assertThat(refused.field("error")).as("error in %s", refused).isNotBlank();
        assertThat(regularFilesUnder(codeDir.getParent())).as("files unpacked from an archive that was refused")
                .isEmpty();
        assertStillUnspecialized(client);

        byte[] archive = archiveOf(format, fixtureFiles());
        Reply reply = client.post(SpecializeChecks.PATH, "application/json", sourceRequest(codeDir,
                host.get().serve("source." + format, archive), Checksums.sha256(archive), format).toString());
        assertStatus(reply, 200);
        assertThat(codeDir.resolve(NESTED_FILE)).as("a file in a directory of the archive").hasContent("hi");
        assertBody(client.get("/hello"), "hello world");
    }

    private void assumeFetchesSource(String format) {
        assumeTrue(runtime.build().runtime().descriptor().fetchesSource(format), () -> "runtime.json does not list "
                + format + " in sourceFormats: its server does not download code of that format");
    }

    private static void assertStillUnspecialized(FunctionClient client) {
        assertStatus(client.get("/healthz"), 200);
        assertErrorAnswer(client.get("/hello"), 503, "Error: not specialized");
    }

    /** A code dir that does not exist yet (the server creates it), alone in a directory of its own. */
    private Path codeDir(String format) {
        return runtime.build().logDir().resolveSibling("source-" + format.replace('.', '-')).resolve("code");
    }

    private ObjectNode sourceRequest(Path codeDir, String url, String sha256, String format) {
        ObjectNode body = SpecializeChecks.request(runtime, codeDir, runtime.build().fixture().handler());
        body.put("sourceUrl", url);
        body.put("sourceSha256", sha256);
        body.put("sourceFormat", format);
        body.put("codeFile", codeFile());
        return body;
    }

    /** The name the operator gives a single-file source: {@code <module>.<fileExtension>}. */
    private String codeFile() {
        return runtime.build().fixture().module() + "." + runtime.build().runtime().descriptor().fileExtension();
    }

    private byte[] fixtureCode() {
        return fixtureFiles().get(codeFile());
    }

    /** The fixture's files by relative path, and one in a directory. */
    private Map<String, byte[]> fixtureFiles() {
        Path sourceDir = runtime.build().fixture().sourceDir();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var paths = Files.walk(sourceDir)) {
            for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(sourceDir.relativize(file).toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(NESTED_FILE, "hi".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static List<Path> regularFilesUnder(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] archiveOf(String format, Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (format.equals("zip")) {
                try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                    for (var file : files.entrySet()) {
                        zip.putNextEntry(new ZipEntry(file.getKey()));
                        zip.write(file.getValue());
                        zip.closeEntry();
                    }
                }
            } else {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
                    for (var file : files.entrySet()) {
                        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                        entry.setSize(file.getValue().length);
                        tar.putArchiveEntry(entry);
                        tar.write(file.getValue());
                        tar.closeArchiveEntry();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
