package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.validation.FieldError;

class HttpTriggerValidatorTest {

    static final String SECRET = "canary-0123456789-secret";
    private final HttpTriggerValidator validator = new HttpTriggerValidator();

    @Test
    void aFullSpecIsValid() {
        HttpTrigger full = TestTriggers.http("""
                {"function": "hello", "host": "API.Example.com", "path": "/shop/orders", "stripPrefix": false,
                 "methods": ["GET", "post", "PROPFIND"],
                 "auth": {"type": "basic", "users": [{"username": "alice", "password": "%s"},
                                                     {"username": "bob@example.com", "password": "pässwörd-ünïcode"}]},
                 "cors": {"allowOrigins": ["https://shop.example.com", "http://localhost:3000"],
                          "allowMethods": ["GET", "POST"], "allowHeaders": ["Content-Type", "X-Trace-Id"],
                          "exposeHeaders": ["X-Request-Id"], "allowCredentials": true, "maxAgeSeconds": 600},
                 "rateLimit": {"requestsPerSecond": 100, "burst": 200}, "enabled": false}
                """.formatted(SECRET));
        assertThat(validator.validate(full)).isEmpty();
    }

    @Test
    void bearerTokensAndNoAuthAreValid() {
        assertThat(validator.validate(TestTriggers.http("""
                {"function": "hello", "auth": {"type": "bearer", "tokens": [{"name": "ci", "token": "%s"},
                 {"name": "deploy.bot_2", "token": "YWJjZGVmZ2hpamtsbW5vcA=="}]}}""".formatted(SECRET)))).isEmpty();
        assertThat(validator.validate(TestTriggers.http("{\"function\": \"hello\", \"auth\": {\"type\": \"none\"}}")))
                .isEmpty();
    }

    @Test
    void theStoredFormWithHashesIsValid() {
        HttpTrigger stored = TestTriggers.http("""
                {"function": "hello", "path": "/", "auth": {"type": "basic", "users": [{"username": "alice",
                 "passwordHash": "%s"}]}}""".formatted(CredentialHashes.hashPassword(SECRET)));
        HttpTrigger storedBearer = TestTriggers.http("""
                {"function": "hello", "auth": {"type": "bearer", "tokens": [{"name": "ci", "tokenHash": "%s"}]}}"""
                .formatted(CredentialHashes.hashToken(SECRET)));
        assertThat(validator.validate(stored)).isEmpty();
        assertThat(validator.validate(storedBearer)).isEmpty();
        assertThat(validator.validate(HttpTrigger.of(stored.metadata(),
                TriggerKind.HTTP.withDefaults(stored.metadata(), stored.spec())))).isEmpty();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("path without slash", "\"path\": \"shop\"", "spec.path", "PATH_INVALID"),
                rule("dot-dot", "\"path\": \"/shop/../admin\"", "spec.path", "PATH_INVALID"),
                rule("dot", "\"path\": \"/shop/./x\"", "spec.path", "PATH_INVALID"),
                rule("empty segment", "\"path\": \"/shop//x\"", "spec.path", "PATH_INVALID"),
                rule("query", "\"path\": \"/shop?x=1\"", "spec.path", "PATH_INVALID"),
                rule("space", "\"path\": \"/my shop\"", "spec.path", "PATH_INVALID"),
                rule("broken escape", "\"path\": \"/shop%zz\"", "spec.path", "PATH_INVALID"),
                rule("escaped slash", "\"path\": \"/shop%2Fadmin\"", "spec.path", "PATH_INVALID"),
                rule("escaped dot", "\"path\": \"/%2e%2e/admin\"", "spec.path", "PATH_INVALID"),
                rule("too long", "\"path\": \"/" + "a".repeat(1024) + "\"", "spec.path", "PATH_INVALID"),
                rule("host with port", "\"host\": \"example.com:8080\"", "spec.host", "HOST_INVALID"),
                rule("host with scheme", "\"host\": \"https://example.com\"", "spec.host", "HOST_INVALID"),
                rule("host label", "\"host\": \"-bad-.example.com\"", "spec.host", "HOST_INVALID"),
                rule("host dot", "\"host\": \"example.com.\"", "spec.host", "HOST_INVALID"),
                rule("wildcard host", "\"host\": \"*.example.com\"", "spec.host", "HOST_WILDCARD_UNSUPPORTED"),
                rule("method", "\"methods\": [\"GET POST\"]", "spec.methods", "METHOD_INVALID"),
                rule("empty method", "\"methods\": [\"\"]", "spec.methods", "METHOD_INVALID"),
                rule("auth type", "\"auth\": {\"type\": \"digest\"}", "spec.auth.type", "AUTH_TYPE_INVALID"),
                rule("auth without type", "\"auth\": {\"users\": [{\"username\": \"a\", \"password\": \"" + SECRET
                        + "\"}]}", "spec.auth.type", "AUTH_TYPE_INVALID"),
                rule("basic without users", "\"auth\": {\"type\": \"basic\"}", "spec.auth.users",
                        "AUTH_CREDENTIALS_REQUIRED"),
                rule("bearer without tokens", "\"auth\": {\"type\": \"bearer\"}", "spec.auth.tokens",
                        "AUTH_CREDENTIALS_REQUIRED"),
                rule("users on none", "\"auth\": {\"type\": \"none\", \"users\": [{\"username\": \"a\", \"password\": \""
                        + SECRET + "\"}]}", "spec.auth.users", "AUTH_CREDENTIALS_UNEXPECTED"),
                rule("username with colon", basic("{\"username\": \"a:b\", \"password\": \"" + SECRET + "\"}"),
                        "spec.auth.users[0].username", "USERNAME_INVALID"),
                rule("no username", basic("{\"password\": \"" + SECRET + "\"}"), "spec.auth.users[0].username",
                        "USERNAME_INVALID"),
                rule("same user twice", basic("{\"username\": \"a\", \"password\": \"" + SECRET + "\"}, {\"username\":"
                        + " \"a\", \"password\": \"" + SECRET + "\"}"), "spec.auth.users", "USERNAME_DUPLICATE"),
                rule("no password", basic("{\"username\": \"a\"}"), "spec.auth.users[0].password", "PASSWORD_REQUIRED"),
                rule("short password", basic("{\"username\": \"a\", \"password\": \"secret7\"}"),
                        "spec.auth.users[0].password", "PASSWORD_TOO_SHORT"),
                rule("long password", basic("{\"username\": \"a\", \"password\": \"" + "ü".repeat(37) + "\"}"),
                        "spec.auth.users[0].password", "PASSWORD_TOO_LONG"),
                rule("control in password", basic("{\"username\": \"a\", \"password\": \"" + SECRET + "\\n\"}"),
                        "spec.auth.users[0].password", "PASSWORD_INVALID"),
                rule("bad hash", basic("{\"username\": \"a\", \"passwordHash\": \"plain\"}"),
                        "spec.auth.users[0].passwordHash", "CREDENTIAL_HASH_INVALID"),
                rule("token name", bearer("{\"name\": \"my token\", \"token\": \"" + SECRET + "\"}"),
                        "spec.auth.tokens[0].name", "TOKEN_NAME_INVALID"),
                rule("same token name", bearer("{\"name\": \"t\", \"token\": \"" + SECRET + "\"}, {\"name\": \"t\","
                        + " \"token\": \"" + SECRET + "x\"}"), "spec.auth.tokens", "TOKEN_NAME_DUPLICATE"),
                rule("no token", bearer("{\"name\": \"t\"}"), "spec.auth.tokens[0].token", "TOKEN_REQUIRED"),
                rule("short token", bearer("{\"name\": \"t\", \"token\": \"" + "x".repeat(
                        CredentialHashes.MIN_TOKEN_LENGTH - 1) + "\"}"), "spec.auth.tokens[0].token", "TOKEN_TOO_SHORT"),
                rule("long token", bearer("{\"name\": \"t\", \"token\": \"" + "x".repeat(4097) + "\"}"),
                        "spec.auth.tokens[0].token", "TOKEN_TOO_LONG"),
                rule("token with space", bearer("{\"name\": \"t\", \"token\": \"" + SECRET + " x\"}"),
                        "spec.auth.tokens[0].token", "TOKEN_INVALID"),
                rule("bad token hash", bearer("{\"name\": \"t\", \"tokenHash\": \"abc\"}"),
                        "spec.auth.tokens[0].tokenHash", "CREDENTIAL_HASH_INVALID"),
                rule("tokens on basic", "\"auth\": {\"type\": \"basic\", \"users\": [{\"username\": \"a\", \"password\":"
                        + " \"" + SECRET + "\"}], \"tokens\": [{\"name\": \"t\", \"token\": \"" + SECRET + "\"}]}",
                        "spec.auth.tokens", "AUTH_CREDENTIALS_UNEXPECTED"),
                rule("cors without origins", "\"cors\": {\"allowMethods\": [\"GET\"]}", "spec.cors.allowOrigins",
                        "CORS_INVALID"),
                rule("origin with path", "\"cors\": {\"allowOrigins\": [\"https://a.example/x\"]}",
                        "spec.cors.allowOrigins", "CORS_INVALID"),
                rule("origin scheme", "\"cors\": {\"allowOrigins\": [\"ftp://a.example\"]}", "spec.cors.allowOrigins",
                        "CORS_INVALID"),
                rule("star and more", "\"cors\": {\"allowOrigins\": [\"*\", \"https://a.example\"]}",
                        "spec.cors.allowOrigins", "CORS_INVALID"),
                rule("credentials with star", "\"cors\": {\"allowOrigins\": [\"*\"], \"allowCredentials\": true}",
                        "spec.cors.allowCredentials", "CORS_INVALID"),
                rule("cors method", "\"cors\": {\"allowOrigins\": [\"*\"], \"allowMethods\": [\"GET POST\"]}",
                        "spec.cors.allowMethods", "CORS_INVALID"),
                rule("cors star with credentials", "\"cors\": {\"allowOrigins\": [\"https://a.example\"],"
                        + " \"allowHeaders\": [\"*\"], \"allowCredentials\": true}", "spec.cors.allowHeaders",
                        "CORS_INVALID"),
                rule("cors header", "\"cors\": {\"allowOrigins\": [\"*\"], \"allowHeaders\": [\"X Y\"]}",
                        "spec.cors.allowHeaders", "CORS_INVALID"),
                rule("cors age", "\"cors\": {\"allowOrigins\": [\"*\"], \"maxAgeSeconds\": 86401}",
                        "spec.cors.maxAgeSeconds", "CORS_INVALID"),
                rule("no rate", "\"rateLimit\": {\"burst\": 5}", "spec.rateLimit.requestsPerSecond",
                        "RATE_LIMIT_INVALID"),
                rule("zero rate", "\"rateLimit\": {\"requestsPerSecond\": 0}", "spec.rateLimit.requestsPerSecond",
                        "RATE_LIMIT_INVALID"),
                rule("zero burst", "\"rateLimit\": {\"requestsPerSecond\": 1, \"burst\": 0}", "spec.rateLimit.burst",
                        "RATE_LIMIT_INVALID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleHasItsFieldAndCode(String what, String fields, String field, String code) {
        List<FieldError> errors = validator.validate(TestTriggers.http("{\"function\": \"hello\", " + fields + "}"));

        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(tuple(field, code));
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).isNotBlank().doesNotContain(SECRET));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<FieldError> errors = validator.validate(TestTriggers.http("""
                {"path": "x", "host": "*.a.b", "methods": ["A B"], "rateLimit": {"requestsPerSecond": 0}}"""));

        assertThat(errors).extracting(FieldError::code).containsExactly("TARGET_REQUIRED", "PATH_INVALID",
                "HOST_WILDCARD_UNSUPPORTED", "METHOD_INVALID", "RATE_LIMIT_INVALID");
    }

    private static Arguments rule(String what, String fields, String field, String code) {
        return Arguments.of(what, fields, field, code);
    }

    private static String basic(String users) {
        return "\"auth\": {\"type\": \"basic\", \"users\": [" + users + "]}";
    }

    private static String bearer(String tokens) {
        return "\"auth\": {\"type\": \"bearer\", \"tokens\": [" + tokens + "]}";
    }
}
