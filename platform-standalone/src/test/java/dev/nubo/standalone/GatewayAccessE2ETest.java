package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.NamespaceRole;

/**
 * Who may call a function through the real gateway: {@code public}, {@code token} (a tenant API token with invoke
 * rights in the function's namespace) and {@code basic} (a platform user with those rights), a function's rate limit,
 * the namespace's calls-per-second quota, and HttpTriggers with auth {@code tenantToken}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayAccessE2ETest {

    private static final String PASSWORD = "gateway-horse-battery";
    private final Platform nubo = Platform.shared();

    @BeforeAll
    void tenantsAndFunctions() {
        for (String namespace : List.of("gw-a", "gw-b", "gw-q")) {
            assertThat(nubo.admin("POST", "/api/v1/namespaces",
                    Http.json(Map.of("metadata", Map.of("name", namespace)))).status()).isIn(201, 409);
        }
        for (String user : List.of("gw-dev", "gw-viewer", "gw-other", "gw-locked")) {
            assertThat(nubo.admin("POST", "/api/v1/users", Http.json(Map.of("name", user, "password", PASSWORD)))
                    .status()).isIn(201, 409);
        }
        nubo.member("gw-a", "gw-dev", "developer");
        nubo.member("gw-a", "gw-viewer", "viewer");
        nubo.member("gw-a", "gw-locked", "developer");
        nubo.member("gw-b", "gw-other", "developer");
        create("gw-a", "open", null);
        create("gw-a", "tok", Map.of("mode", "token"));
        create("gw-a", "bas", Map.of("mode", "basic"));
        create("gw-a", "lim", Map.of("rateLimit", Map.of("requestsPerSecond", 1, "burst", 2)));
        create("gw-q", "busy", null);
        for (String name : List.of("open", "tok", "bas", "lim")) {
            nubo.awaitReady("gw-a", name);
        }
        nubo.awaitReady("gw-q", "busy");
    }

    @Test
    void publicFunctionsAnswerAnyoneAsBefore() {
        Http.Response open = call("/gw-a/open/x");
        assertThat(open.status()).as(open.body()).isEqualTo(200);
        assertThat(open.json().path("function").asString()).isEqualTo("open");
    }

    @Test
    void tokenModeAdmitsTenantTokensWithInvokeRightsInTheNamespaceOnly() {
        String developer = nubo.issue("gw-dev", PASSWORD, "dev", List.of("gw-a"), "developer");
        String outsider = nubo.issue("gw-other", PASSWORD, "outsider", List.of("gw-b"), "developer");
        String capped = nubo.issue("gw-dev", PASSWORD, "capped", List.of("gw-a"), "viewer");
        String viewer = nubo.issue("gw-viewer", PASSWORD, "viewer", List.of("gw-a"), "viewer");

        Http.Response missing = call("/gw-a/tok/x");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.code()).isEqualTo("UNAUTHORIZED");
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"gw-a/tok\"");
        Http.Response unknown = call("/gw-a/tok/x", "Authorization", "Bearer nubo_not-a-token");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(call("/gw-a/tok/x", "Authorization", Http.basic("gw-dev", PASSWORD)).status())
                .as("token mode takes no passwords").isEqualTo(401);

        Http.Response allowed = call("/gw-a/tok/x", "Authorization", "Bearer " + developer);
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.json().path("headers").has("authorization"))
                .as("the platform credential never reaches the function").isFalse();
        assertThat(call("/gw-a/tok/x", "Authorization", "Bearer " + developer).status())
                .as("a remembered verdict").isEqualTo(200);

        Http.Response otherTenant = call("/gw-a/tok/x", "Authorization", "Bearer " + outsider);
        assertThat(otherTenant.status()).as("another tenant's function answers as a missing one").isEqualTo(404);
        assertThat(otherTenant.code()).isEqualTo("FUNCTION_NOT_FOUND");
        assertThat(otherTenant.body()).isEqualTo(call("/gw-a/tok-missing/x", "Authorization", "Bearer " + outsider)
                .body().replace("tok-missing", "tok"));
        for (String readOnly : List.of(capped, viewer)) {
            Http.Response refused = call("/gw-a/tok/x", "Authorization", "Bearer " + readOnly);
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void expiredAndRevokedTokensAreRefused() {
        CredentialStore credentials = nubo.context.getBean(CredentialStore.class);
        String expired = credentials.issueToken("gw-dev", "expired", NamespaceRole.DEVELOPER, Set.of("gw-a"),
                Instant.now().minusSeconds(1)).value();
        assertThat(call("/gw-a/tok/x", "Authorization", "Bearer " + expired).status()).isEqualTo(401);

        Http.Response issued = as("gw-dev", "POST", "/api/v1/tokens", Http.json(Map.of("name", "soon-revoked",
                "namespaces", List.of("gw-a"), "role", "developer", "expiresInDays", 1)));
        String token = issued.json().path("token").asString();
        String id = issued.json().path("id").asString();
        assertThat(call("/gw-a/tok/x", "Authorization", "Bearer " + token).status()).isEqualTo(200);
        assertThat(as("gw-dev", "DELETE", "/api/v1/tokens/" + id, null).status()).isIn(200, 204);
        Http.Response revoked = call("/gw-a/tok/x", "Authorization", "Bearer " + token);
        assertThat(revoked.status()).as("the remembered verdict is dropped at once").isEqualTo(401);
    }

    @Test
    void basicModeAdmitsPlatformUsersWithInvokeRightsAndLocksOutGuessing() {
        Http.Response right = call("/gw-a/bas/x", "Authorization", Http.basic("gw-dev", PASSWORD));
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(right.json().path("headers").has("authorization")).isFalse();
        Http.Response wrong = call("/gw-a/bas/x", "Authorization", Http.basic("gw-dev", "not-" + PASSWORD));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic realm=\"gw-a/bas\"");
        assertThat(call("/gw-a/bas/x").status()).isEqualTo(401);
        assertThat(call("/gw-a/bas/x", "Authorization", Http.basic("gw-other", PASSWORD)).status()).isEqualTo(404);
        assertThat(call("/gw-a/bas/x", "Authorization", Http.basic("gw-viewer", PASSWORD)).status()).isEqualTo(403);

        List<Integer> guesses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            guesses.add(call("/gw-a/bas/x", "Authorization", Http.basic("gw-locked", "guess-" + i)).status());
        }
        assertThat(guesses).startsWith(401, 401, 401, 401, 401).endsWith(429);
        Http.Response locked = call("/gw-a/bas/x", "Authorization", Http.basic("gw-locked", PASSWORD));
        assertThat(locked.status()).as("even the right password waits out the lock").isEqualTo(429);
        assertThat(locked.code()).isEqualTo("LOGIN_LOCKED");
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 900);
        assertThat(call("/gw-a/bas/x", "Authorization", Http.basic("gw-dev", PASSWORD)).status())
                .as("other users are not locked").isEqualTo(200);
    }

    @Test
    void aFunctionsRateLimitAnswers429WithRetryAfter() {
        Http.Response limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            Http.Response response = call("/gw-a/lim/x");
            if (response.status() == 429) {
                limited = response;
            } else {
                assertThat(response.status()).as(response.body()).isEqualTo(200);
            }
        }
        assertThat(limited).as("1 call per second, bursts of 2: ten calls in a row go over").isNotNull();
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
        assertThat(limited.json().path("detail").asString()).contains("gw-a/lim", "1 requests per second");
    }

    @Test
    void theNamespacesCallsPerSecondQuotaAnswers429NamingTheQuotaAndShowsUsage() {
        assertThat(call("/gw-q/busy/x").status()).isEqualTo(200);
        Http.Response set = nubo.admin("PUT", "/api/v1/namespaces/gw-q/quota", Http.json(Map.of("callsPerSecond", 1)));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("limits").path("callsPerSecond").asInt()).isEqualTo(1);

        Http.Response[] over = new Http.Response[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Http.Response response = call("/gw-q/busy/x");
            assertThat(response.status()).as(response.body()).isEqualTo(429);
            over[0] = response;
        });
        assertThat(over[0].code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(over[0].json().path("detail").asString()).startsWith("quota callsPerSecond of namespace gw-q");
        assertThat(Integer.parseInt(over[0].header("Retry-After"))).isBetween(1, 2);
        assertThat(call("/gw-a/open/x").status()).as("other namespaces are not limited").isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nubo.admin("GET",
                "/api/v1/namespaces/gw-q/quota", null).json().path("usage").path("callsPerSecond").asDouble())
                .as("calls let in are counted").isGreaterThan(0));
        assertThat(nubo.admin("PUT", "/api/v1/namespaces/gw-q/quota", Http.json(Map.of("callsPerSecond", -1))).status())
                .isEqualTo(422);
    }

    @Test
    void httpTriggersTakeTenantTokens() {
        Http.Response created = nubo.admin("POST", "/api/v1/namespaces/gw-a/httptriggers", Http.json(Map.of("metadata",
                Map.of("name", "tt"), "spec", Map.of("function", "open", "path", "/gw-tt",
                        "auth", Map.of("type", "tenantToken")))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String developer = nubo.issue("gw-dev", PASSWORD, "trigger-dev", List.of("gw-a"), "developer");
        String outsider = nubo.issue("gw-other", PASSWORD, "trigger-outsider", List.of("gw-b"), "developer");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(call("/gw-tt/x").status())
                .isEqualTo(401));
        assertThat(call("/gw-tt/x").header("WWW-Authenticate")).startsWith("Bearer realm=\"gw-a/tt\"");
        Http.Response allowed = call("/gw-tt/x", "Authorization", "Bearer " + developer);
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        Http.Response otherTenant = call("/gw-tt/x", "Authorization", "Bearer " + outsider);
        assertThat(otherTenant.status()).as(otherTenant.body()).isEqualTo(403);
        assertThat(otherTenant.code()).isEqualTo("FORBIDDEN");
    }

    @Test
    void anUnknownModeIsRefusedWithAFieldError() {
        Map<String, Object> spec = spec(Map.of("mode", "secret-handshake", "rateLimit",
                Map.of("requestsPerSecond", 0)));
        Http.Response refused = nubo.admin("POST", "/api/v1/namespaces/gw-a/functions", Http.json(Map.of("metadata",
                Map.of("name", "bad-access"), "spec", spec)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("spec.access.mode", "ACCESS_MODE_INVALID",
                "spec.access.rateLimit.requestsPerSecond");
    }

    private void create(String namespace, String name, Map<String, Object> access) {
        Http.Response created = nubo.admin("POST", "/api/v1/namespaces/" + namespace + "/functions",
                Http.json(Map.of("metadata", Map.of("name", name), "spec", spec(access))));
        assertThat(created.status()).as(created.body()).isIn(201, 409);
    }

    private static Map<String, Object> spec(Map<String, Object> access) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("runtime", "python3.11");
        spec.put("handler", "main.handler");
        spec.put("source", Map.of("inline", Functions.PY_ECHO));
        if (access != null) {
            spec.put("access", access);
        }
        return spec;
    }

    private Http.Response call(String path, String... headers) {
        return nubo.call("GET", path, null, null, headers);
    }

    private Http.Response as(String user, String method, String path, String body) {
        return nubo.as(user, PASSWORD, method, path, body);
    }
}
