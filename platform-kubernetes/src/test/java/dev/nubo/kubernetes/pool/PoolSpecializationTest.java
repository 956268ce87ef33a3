package dev.nubo.kubernetes.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.Resources;
import dev.nubo.core.function.SecretRef;
import dev.nubo.core.source.Archives;
import dev.nubo.core.source.Checksums;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.function.TestSettings;
import dev.nubo.kubernetes.function.WorkloadSettings;

/** Which waking function may take a pool pod, and what the specialize request tells it. Pure. */
class PoolSpecializationTest {

    private static final WorkloadSettings SETTINGS = TestSettings.settings();
    private static final String CODE = "def handler(e, c):\n    return 'hi'\n";

    @Test
    void anInlineFunctionGetsItsCodeByDigestFromTheApi() {
        var function = TestSettings.function("hello", FunctionSpecBuilder.python(CODE).timeoutSeconds(12)
                .env(Map.of("B", "2", "A", "1")).build());

        PoolSpecialization plan = PoolSpecialization.plan(function, SETTINGS).orElseThrow();

        assertThat(plan.language()).isEqualTo("python");
        String sha256 = Checksums.sha256(CODE);
        assertThat(plan.body()).containsExactly(
                Map.entry("codeDir", "/tmp/code"),
                Map.entry("handler", "hello.handler"),
                Map.entry("functionName", "hello"),
                Map.entry("timeout", 12),
                Map.entry("runtime", "python3.11"),
                Map.entry("memoryLimit", "256Mi"),
                Map.entry("env", Map.of("A", "1", "B", "2")),
                Map.entry("sourceUrl", "http://nubo-api.nubo.svc:8080/api/v1/function-sources/fns/hello/" + sha256),
                Map.entry("sourceSha256", sha256),
                Map.entry("sourceFormat", "file"),
                Map.entry("codeFile", "hello.py"));
    }

    @Test
    void codeGivenByUrlIsFetchedFromThatUrlAndAnArchiveKeepsItsFormat() {
        String sha256 = "a".repeat(64);
        var byUrl = TestSettings.function("fetched", FunctionSpecBuilder.spec("php8.2", "index.handler",
                FunctionSource.url("https://code.example/fn.zip", sha256)).build());

        PoolSpecialization plan = PoolSpecialization.plan(byUrl, SETTINGS).orElseThrow();

        assertThat(plan.language()).isEqualTo("php");
        assertThat(plan.body()).containsEntry("sourceUrl", "https://code.example/fn.zip")
                .containsEntry("sourceSha256", sha256).containsEntry("sourceFormat", "zip")
                .containsEntry("codeFile", "index.php");
    }

    @Test
    void aPoolPodIsOnlyGivenCodeInAFormatItsRuntimeServerCanUnpack() {
        String zip = Base64.getEncoder().encodeToString(Archives.zip(Map.of("index.js", "exports.handler = 1;")));
        String tarGz = Base64.getEncoder().encodeToString(Archives.tarGz(Map.of("index.rb", "def handler; end")));
        String sha256 = "b".repeat(64);

        // Node.js and Ruby read a single file only: their standard libraries have no zip or tar reader
        assertThat(refusal(FunctionSpecBuilder.spec("nodejs20", "index.handler", FunctionSource.zip(zip))))
                .isEqualTo("its code is a zip source, which a nodejs20 pool pod cannot unpack");
        assertThat(refusal(FunctionSpecBuilder.spec("ruby3.1", "index.handler", FunctionSource.tarGz(tarGz))))
                .isEqualTo("its code is a tar.gz source, which a ruby3.1 pool pod cannot unpack");
        assertThat(refusal(FunctionSpecBuilder.spec("nodejs20", "index.handler",
                FunctionSource.url("https://code.example/fn.tgz", sha256)))).contains("tar.gz source");
        assertThat(plannedFormat(FunctionSpecBuilder.spec("nodejs20", "index.handler",
                FunctionSource.inline("exports.handler = () => 'hi';")))).isEqualTo("file");
        assertThat(plannedFormat(FunctionSpecBuilder.spec("ruby3.1", "index.handler",
                FunctionSource.url("https://code.example/index.rb", sha256)))).isEqualTo("file");

        // Python and PHP unpack both archive kinds
        assertThat(plannedFormat(FunctionSpecBuilder.spec("python3.11", "index.handler", FunctionSource.zip(zip))))
                .isEqualTo("zip");
        assertThat(plannedFormat(FunctionSpecBuilder.spec("php8.2", "index.handler", FunctionSource.tarGz(tarGz))))
                .isEqualTo("tar.gz");
    }

    @Test
    void defaultResourcesWrittenOutStillFitAPoolPod() {
        var function = TestSettings.function("same", FunctionSpecBuilder.python(CODE)
                .resources(new Resources("0.25Gi", "0.5")).build());

        assertThat(PoolSpecialization.refusal(function, SETTINGS)).isNull();
        assertThat(PoolSpecialization.plan(function, SETTINGS)).isPresent();
    }

    @Test
    void whatAPoolPodCannotGiveKeepsTheFunctionOnItsOwnPod() {
        Map<String, String> refusals = Map.of(
                "deps", refusal(FunctionSpecBuilder.python(CODE).deps("requests==2.32.3")),
                "secrets", refusal(FunctionSpecBuilder.python(CODE)
                        .secrets(List.of(new SecretRef("db", Map.of("PASSWORD", "password"), null)))),
                "memory", refusal(FunctionSpecBuilder.python(CODE).resources(new Resources("1Gi", null))),
                "cpu", refusal(FunctionSpecBuilder.python(CODE).resources(new Resources(null, "2"))),
                "compiled", refusal(FunctionSpecBuilder.spec("go1.22", "hello.Handler", FunctionSource.inline("package x"))),
                "no image", refusal(FunctionSpecBuilder.spec("cobol85", "hello.main", FunctionSource.inline("x"))));

        assertThat(refusals.get("deps")).contains("dependency file");
        assertThat(refusals.get("secrets")).contains("secrets");
        assertThat(refusals.get("memory")).contains("resources");
        assertThat(refusals.get("cpu")).contains("resources");
        assertThat(refusals.get("compiled")).contains("compiles");
        assertThat(refusals.get("no image")).contains("no image");
    }

    private static String plannedFormat(FunctionSpecBuilder spec) {
        var function = TestSettings.function("f", spec.build());
        assertThat(PoolSpecialization.refusal(function, SETTINGS)).isNull();
        return (String) PoolSpecialization.plan(function, SETTINGS).orElseThrow().body().get("sourceFormat");
    }

    private static String refusal(FunctionSpecBuilder spec) {
        var function = TestSettings.function("f", spec.build());
        assertThat(PoolSpecialization.plan(function, SETTINGS)).isEmpty();
        return PoolSpecialization.refusal(function, SETTINGS);
    }
}
