package dev.nubo.core.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.source.ArchiveLimits;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.core.testing.TestCatalog;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

class FunctionValidatorTest {

    private static final FunctionLimits LIMITS = new FunctionLimits(1024, 100, 900, 20, 30, ArchiveLimits.DEFAULT);
    private final FunctionValidator validator = new FunctionValidator(TestCatalog.pythonAndNode(), LIMITS);

    private static Function valid() {
        return Function.of(ObjectMeta.named("default", "hello"),
                FunctionSpecBuilder.python("def handler(e, c): return 'hi'").env(Map.of("GREETING", "hi"))
                        .timeoutSeconds(30).resources(new Resources("256Mi", "500m"))
                        .scaling(new Scaling(1, 2, null, null)).build());
    }

    private static Function withSpec(UnaryOperator<FunctionSpec> change) {
        Function f = valid();
        return f.withSpec(change.apply(f.spec()));
    }

    private static FunctionSpec spec(FunctionSpec s, String runtime, String handler, FunctionSource source, String deps,
            Map<String, String> env, Integer timeout, Resources resources, Scaling scaling) {
        return FunctionSpecBuilder.spec(runtime, handler, source).deps(deps).env(env).timeoutSeconds(timeout)
                .resources(resources).scaling(scaling).build();
    }

    @Test
    void acceptsAWellFormedFunction() {
        assertThat(validator.validate(valid())).isEmpty();
    }

    @Test
    void acceptsAJavaStyleHandlerWithAPackage() {
        Function f = withSpec(s -> spec(s, s.runtime(), "com.example.Hello.handle", s.source(), null, s.env(), 30,
                null, null));
        assertThat(validator.validate(f)).isEmpty();
    }

    static Stream<Arguments> badFunctions() {
        return Stream.of(
                Arguments.of("upper-case name", valid().withMetadata(ObjectMeta.named("default", "Hello")),
                        "metadata.name", "NAME_INVALID"),
                Arguments.of("name too long", valid().withMetadata(ObjectMeta.named("default", "a".repeat(64))),
                        "metadata.name", "NAME_INVALID"),
                Arguments.of("name with underscore", valid().withMetadata(ObjectMeta.named("default", "a_b")),
                        "metadata.name", "NAME_INVALID"),
                Arguments.of("name ending in dash", valid().withMetadata(ObjectMeta.named("default", "hello-")),
                        "metadata.name", "NAME_INVALID"),
                Arguments.of("missing name", valid().withMetadata(ObjectMeta.named("default", null)),
                        "metadata.name", "NAME_INVALID"),
                Arguments.of("bad namespace", valid().withMetadata(ObjectMeta.named("Bad NS", "hello")),
                        "metadata.namespace", "NAMESPACE_INVALID"),
                Arguments.of("bad label", valid().withMetadata(new ObjectMeta("hello", "default",
                        Map.of("a b", "c"), null, null, null, null)), "metadata.labels", "LABEL_INVALID"),
                Arguments.of("missing spec", Function.of(ObjectMeta.named("default", "hello"), null),
                        "spec", "SPEC_REQUIRED"),
                Arguments.of("unknown runtime", withSpec(s -> s.withRuntime("cobol85")), "spec.runtime", "RUNTIME_UNKNOWN"),
                Arguments.of("missing runtime", withSpec(s -> s.withRuntime(null)), "spec.runtime", "RUNTIME_REQUIRED"),
                Arguments.of("handler without dot", withSpec(s -> spec(s, s.runtime(), "handler", s.source(), null,
                        s.env(), 30, null, null)), "spec.handler", "HANDLER_INVALID"),
                Arguments.of("shell in handler", withSpec(s -> spec(s, s.runtime(), "x;touch /tmp/p.handler", s.source(),
                        null, s.env(), 30, null, null)), "spec.handler", "HANDLER_INVALID"),
                Arguments.of("path in handler", withSpec(s -> spec(s, s.runtime(), "../etc/passwd.x", s.source(), null,
                        s.env(), 30, null, null)), "spec.handler", "HANDLER_INVALID"),
                Arguments.of("missing handler", withSpec(s -> spec(s, s.runtime(), null, s.source(), null, s.env(), 30,
                        null, null)), "spec.handler", "HANDLER_REQUIRED"),
                Arguments.of("no source", withSpec(s -> spec(s, s.runtime(), s.handler(), null, null, s.env(), 30,
                        null, null)), "spec.source", "SOURCE_INVALID"),
                Arguments.of("two sources", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        new FunctionSource("x", "eA==", null, null, null), null, s.env(), 30, null, null)),
                        "spec.source", "SOURCE_INVALID"),
                Arguments.of("empty inline", withSpec(s -> spec(s, s.runtime(), s.handler(), FunctionSource.inline(""),
                        null, s.env(), 30, null, null)), "spec.source.inline", "SOURCE_EMPTY"),
                Arguments.of("inline too large", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        FunctionSource.inline("x".repeat(1025)), null, s.env(), 30, null, null)),
                        "spec.source.inline", "SOURCE_TOO_LARGE"),
                Arguments.of("zip not base64", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        FunctionSource.zip("not base64!!"), null, s.env(), 30, null, null)),
                        "spec.source.zip", "SOURCE_NOT_BASE64"),
                Arguments.of("zip that is a tar.gz", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        FunctionSource.zip(Base64.getEncoder().encodeToString(new byte[] {0x1f, (byte) 0x8b, 8, 0})),
                        null, s.env(), 30, null, null)), "spec.source.zip", "SOURCE_FORMAT_MISMATCH"),
                Arguments.of("zip slip", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        FunctionSource.zip(zipWith("../evil.py")), null, s.env(), 30, null, null)),
                        "spec.source.zip", "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("url without checksum", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        FunctionSource.url("https://example.com/f.zip", null), null, s.env(), 30, null, null)),
                        "spec.source.sha256", "CHECKSUM_INVALID"),
                Arguments.of("url with short checksum", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        FunctionSource.url("https://example.com/f.zip", "abc"), null, s.env(), 30, null, null)),
                        "spec.source.sha256", "CHECKSUM_INVALID"),
                Arguments.of("file url", withSpec(s -> spec(s, s.runtime(), s.handler(),
                        FunctionSource.url("file:///etc/passwd", "a".repeat(64)), null, s.env(), 30, null, null)),
                        "spec.source.url", "SOURCE_URL_INVALID"),
                Arguments.of("deps too large", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), "x".repeat(101),
                        s.env(), 30, null, null)), "spec.deps", "DEPS_TOO_LARGE"),
                Arguments.of("env name invalid", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null,
                        Map.of("1ABC", "x"), 30, null, null)), "spec.env", "ENV_NAME_INVALID"),
                Arguments.of("env overrides the contract", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null,
                        Map.of("FUNC_PORT", "1"), 30, null, null)), "spec.env", "ENV_RESERVED"),
                Arguments.of("env with NUBO_ prefix", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null,
                        Map.of("NUBO_ADMIN_PASSWORD", "x"), 30, null, null)), "spec.env", "ENV_RESERVED"),
                Arguments.of("timeout zero", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null, s.env(), 0,
                        null, null)), "spec.timeoutSeconds", "TIMEOUT_OUT_OF_RANGE"),
                Arguments.of("timeout too long", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null, s.env(),
                        901, null, null)), "spec.timeoutSeconds", "TIMEOUT_OUT_OF_RANGE"),
                Arguments.of("memory not a quantity", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null,
                        s.env(), 30, new Resources("lots", null), null)), "spec.resources.memory", "QUANTITY_INVALID"),
                Arguments.of("max below min", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null, s.env(), 30,
                        null, new Scaling(3, 2, null, null))), "spec.scaling.maxReplicas", "SCALING_INVALID"),
                Arguments.of("too many replicas", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null, s.env(),
                        30, null, new Scaling(1, 21, null, null))), "spec.scaling.maxReplicas", "SCALING_INVALID"),
                Arguments.of("negative replicas", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null, s.env(),
                        30, null, new Scaling(-1, 1, null, null))), "spec.scaling.minReplicas", "SCALING_INVALID"),
                Arguments.of("idle for ever", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null, s.env(),
                        30, null, new Scaling(0, 1, null, 100_000))), "spec.scaling.idleSeconds", "SCALING_INVALID"),
                Arguments.of("no call per replica", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(), null,
                        s.env(), 30, null, new Scaling(1, 1, null, null, 0))), "spec.scaling.containerConcurrency",
                        "SCALING_INVALID"),
                Arguments.of("too many calls per replica", withSpec(s -> spec(s, s.runtime(), s.handler(), s.source(),
                        null, s.env(), 30, null, new Scaling(1, 1, null, null, 1001))),
                        "spec.scaling.containerConcurrency", "SCALING_INVALID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFunctions")
    void refusesBadInputWithAFieldAndAStableCode(String description, Function function, String field, String code) {
        assertThat(validator.validate(function))
                .extracting(FieldError::field, FieldError::code)
                .contains(org.assertj.core.groups.Tuple.tuple(field, code));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Function f = Function.of(ObjectMeta.named("default", "Bad_Name"),
                FunctionSpecBuilder.spec("cobol", "nodot", null).timeoutSeconds(0).build());

        assertThatThrownBy(() -> validator.check(f))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::code)
                        .containsExactlyInAnyOrder("NAME_INVALID", "RUNTIME_UNKNOWN", "HANDLER_INVALID", "SOURCE_INVALID",
                                "TIMEOUT_OUT_OF_RANGE"));
    }

    @Test
    void checksGatewayAccessAndFillsTheBurst() {
        FunctionAccess limited = new FunctionAccess("token",
                new dev.nubo.core.trigger.HttpTriggerSpec.RateLimit(5, null));
        Function good = withSpec(s -> withAccess(s, limited));
        assertThat(validator.validate(good)).isEmpty();
        assertThat(good.spec().withDefaults(30).access().rateLimit().burst()).isEqualTo(5);
        assertThat(validator.validate(withSpec(s -> withAccess(s, new FunctionAccess(null, null))))).isEmpty();

        Function bad = withSpec(s -> withAccess(s, new FunctionAccess("open-sesame",
                new dev.nubo.core.trigger.HttpTriggerSpec.RateLimit(0, -1))));
        assertThat(validator.validate(bad)).extracting(FieldError::field, FieldError::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("spec.access.mode", "ACCESS_MODE_INVALID"),
                org.assertj.core.groups.Tuple.tuple("spec.access.rateLimit.requestsPerSecond", "RATE_LIMIT_INVALID"),
                org.assertj.core.groups.Tuple.tuple("spec.access.rateLimit.burst", "RATE_LIMIT_INVALID"));
    }

    @Test
    void theEffectiveModeIsTheFunctionsOwnElseThePlatformsDefault() {
        FunctionSpec silent = valid().spec();
        assertThat(FunctionAccess.effectiveMode(silent, FunctionAccess.Mode.PUBLIC)).isEqualTo(FunctionAccess.Mode.PUBLIC);
        assertThat(FunctionAccess.effectiveMode(silent, FunctionAccess.Mode.TOKEN)).isEqualTo(FunctionAccess.Mode.TOKEN);
        assertThat(FunctionAccess.effectiveMode(withAccess(silent, new FunctionAccess("basic", null)),
                FunctionAccess.Mode.TOKEN)).isEqualTo(FunctionAccess.Mode.BASIC);
    }

    private static FunctionSpec withAccess(FunctionSpec s, FunctionAccess access) {
        return FunctionSpecBuilder.from(s).access(access).build();
    }

    @Test
    void unknownRuntimeMessageListsTheOfferedOnes() {
        List<FieldError> errors = validator.validate(withSpec(s -> s.withRuntime("ruby9")));
        assertThat(errors.getFirst().message()).contains("python3.11", "nodejs20");
    }

    private static String zipWith(String name) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("x = 1".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
