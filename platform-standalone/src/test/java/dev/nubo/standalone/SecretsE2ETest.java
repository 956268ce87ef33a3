package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.nubo.core.source.Checksums;
import tools.jackson.databind.JsonNode;

/** Secrets reach the functions that name them — and nothing else: no response, no log, no file of the platform. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsE2ETest {

    private final Platform nubo = Platform.shared();

    /** Answers what it holds as hashes, so the test proves possession without the value travelling back. */
    private static final String HOLDER = """
            import hashlib, os
            def handler(event, context):
                with open("/var/run/secrets/db/password") as f:
                    mounted = f.read()
                with open("/var/run/secrets/db/user") as f:
                    user = f.read()
                digest = lambda s: hashlib.sha256(s.encode()).hexdigest()
                return {"env": digest(os.environ["DB_PASSWORD"]), "file": digest(mounted), "user": user,
                        "files": sorted(os.listdir("/var/run/secrets/db"))}
            """;

    private Http.Response secret(String method, String path, String body) {
        return nubo.apiCall(method, "/api/v1/namespaces/default/secrets" + path, body == null ? null : "application/json",
                body);
    }

    private static String secretDocument(String name, Map<String, String> data) {
        return Http.json(Map.of("metadata", Map.of("name", name), "data", data));
    }

    private static String holder(String name, String secret) {
        return Http.json(Map.of("metadata", Map.of("name", name), "spec", Map.of(
                "runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", HOLDER),
                "secrets", List.of(Map.of("name", secret, "env", Map.of("DB_PASSWORD", "password"),
                        "mountPath", "/var/run/secrets/db")))));
    }

    @Test
    void aSecretReachesItsFunctionAsEnvAndFilesRotatesAndNeverLeaks(CapturedOutput output) throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        Http.Response created = secret("POST", "", secretDocument("db", Map.of("password", canary, "user", "app")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("keys")).extracting(JsonNode::asString).containsExactly("password", "user");

        assertThat(nubo.create("default", holder("holder", "db")).status()).isEqualTo(201);
        JsonNode ready = nubo.awaitReady("default", "holder");
        JsonNode answer = nubo.call("GET", "/default/holder", null, null).json();

        assertThat(answer.path("env").asString()).isEqualTo(Checksums.sha256(canary));
        assertThat(answer.path("file").asString()).isEqualTo(Checksums.sha256(canary));
        assertThat(answer.path("user").asString()).isEqualTo("app");
        assertThat(answer.path("files")).extracting(JsonNode::asString).containsExactly("password", "user");

        String rotated = "canary-" + UUID.randomUUID();
        String version = secret("GET", "/db", null).json().path("metadata").path("resourceVersion").asString();
        assertThat(secret("PUT", "/db", Http.json(Map.of("metadata", Map.of("name", "db", "resourceVersion", version),
                "data", Map.of("password", rotated, "user", "app")))).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                nubo.call("GET", "/default/holder", null, null).json().path("env").asString())
                .isEqualTo(Checksums.sha256(rotated)));

        for (String value : List.of(canary, rotated)) {
            assertThat(secret("GET", "/db", null).body()).doesNotContain(value);
            assertThat(secret("GET", "", null).body()).doesNotContain(value);
            assertThat(nubo.get("default", "holder").body()).doesNotContain(value);
            assertThat(nubo.apiCall("GET", "/api/v1/namespaces/default/functions", null, null).body())
                    .doesNotContain(value);
            assertThat(nubo.apiCall("GET", "/api/v1/namespaces/default/functions/holder/logs?tailLines=1000", null,
                    null).body()).doesNotContain(value);
            assertThat(filesHolding(nubo.dataDir, value)).as("files of the data directory").isEmpty();
            assertThat(nubo.apiCall("GET", "/api/v1/namespaces/default/audit", null, null).body())
                    .as("the audit log of the writes that set it").doesNotContain(value);
            assertThat(nubo.apiCall("GET", "/api/v1/namespaces/default/quota", null, null).body()).doesNotContain(value);
            assertThat(Http.send("GET", nubo.api("/actuator/health"), null, null).body()).doesNotContain(value);
            assertThat(metrics()).as("every meter's name, tags and value").doesNotContain(value);
            assertThat(Http.send("GET", nubo.api("/actuator/prometheus"), null, null).body())
                    .as("the Prometheus scrape").doesNotContain(value);
            assertThat(output.getAll()).as("the platform's own log").doesNotContain(value);
        }
        assertThat(ready.path("status").toString()).doesNotContain(canary);
    }

    /** Every meter the platform keeps (what a metrics endpoint would publish), as text. */
    private String metrics() {
        StringBuilder all = new StringBuilder();
        nubo.context.getBeansOfType(io.micrometer.core.instrument.MeterRegistry.class).values()
                .forEach(registry -> registry.getMeters().forEach(meter -> {
                    all.append(meter.getId()).append(' ');
                    meter.measure().forEach(measurement -> all.append(measurement).append(' '));
                    all.append('\n');
                }));
        return all.toString();
    }

    @Test
    void aFunctionWaitsForAMissingSecretAndSaysWhy() {
        assertThat(nubo.create("default", holder("waiting", "later")).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = nubo.get("default", "waiting").json().path("status");
            JsonNode readyCondition = Stream.of(status.path("conditions")).flatMap(c -> c.valueStream())
                    .filter(c -> c.path("type").asString().equals("Ready")).findFirst().orElseThrow();
            assertThat(readyCondition.path("reason").asString()).isEqualTo("SecretNotFound");
            assertThat(readyCondition.path("message").asString()).contains("secret later does not exist");
        });

        secret("POST", "", secretDocument("later", Map.of("password", "p", "user", "u")));

        nubo.awaitReady("default", "waiting");
        assertThat(nubo.call("GET", "/default/waiting", null, null).json().path("user").asString()).isEqualTo("u");
    }

    @Test
    void badSecretsAreRefusedAndNothingIsStored() {
        Http.Response badKey = secret("POST", "", secretDocument("bad", Map.of("no/slash", "v")));
        assertThat(badKey.status()).isEqualTo(422);
        assertThat(badKey.json().path("errors").get(0).path("code").asString()).isEqualTo("SECRET_KEY_INVALID");
        Http.Response empty = secret("POST", "", secretDocument("empty", Map.of()));
        assertThat(empty.json().path("errors").get(0).path("code").asString()).isEqualTo("SECRET_EMPTY");
        Http.Response unknown = secret("POST", "", "{\"metadata\": {\"name\": \"x\"}, \"value\": \"s3cret\"}");
        assertThat(unknown.status()).isEqualTo(422);
        Http.Response malformed = secret("POST", "", "{\"metadata\": {\"name\": \"x\"}, \"data\": {\"k\": \"s3cret-leak");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("s3cret-leak");

        assertThat(secret("GET", "/bad", null).status()).isEqualTo(404);
        assertThat(secret("GET", "/empty", null).json().path("code").asString()).isEqualTo("SECRET_NOT_FOUND");
        Http.Response badRef = nubo.create("default", Http.json(Map.of("metadata", Map.of("name", "bad-ref"),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", "x"),
                        "secrets", List.of(Map.of("name", "db", "mountPath", "/usr/lib/db"))))));
        assertThat(badRef.status()).isEqualTo(422);
        assertThat(badRef.body()).contains("MOUNT_PATH_INVALID");
    }

    private static List<Path> filesHolding(Path root, String value) throws IOException {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(file, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] content = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= content.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (content[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
