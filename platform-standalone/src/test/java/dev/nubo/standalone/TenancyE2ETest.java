package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.nubo.api.tenancy.AccessRules;
import dev.nubo.core.model.Resource;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.NamespaceRole;
import tools.jackson.databind.JsonNode;

/**
 * Several teams on one installation: users with a role per namespace, scoped tokens, 404 for what belongs to another
 * tenant (the same answer as for a namespace that does not exist), the audit log, and a role × endpoint matrix over
 * every endpoint the API maps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyE2ETest {

    private static final String PASSWORD = "correct-horse-battery";
    private final Platform nubo = Platform.shared();
    private final Instant started = Instant.now();

    @BeforeAll
    void teams() {
        for (String namespace : List.of("team-a", "team-b")) {
            assertThat(nubo.admin("POST", "/api/v1/namespaces",
                    Http.json(Map.of("metadata", Map.of("name", namespace)))).status()).isEqualTo(201);
        }
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            assertThat(nubo.admin("POST", "/api/v1/users", Http.json(Map.of("name", user, "password", PASSWORD)))
                    .status()).isEqualTo(201);
        }
        nubo.member("team-a", "alice", "developer");
        nubo.member("team-a", "bob", "viewer");
        nubo.member("team-a", "dave", "admin");
        nubo.member("team-b", "carol", "developer");
        assertThat(as("carol", "POST", "/api/v1/namespaces/team-b/functions",
                Functions.python("ledger", "def handler(event, context):\n    return 'b'\n")).status()).isEqualTo(201);
        assertThat(as("carol", "POST", "/api/v1/namespaces/team-b/secrets",
                Http.json(Map.of("metadata", Map.of("name", "db"), "data", Map.of("password", "team-b-canary"))))
                .status()).isEqualTo(201);
        assertThat(as("carol", "POST", "/api/v1/namespaces/team-b/crontriggers", Http.json(Map.of("metadata",
                Map.of("name", "nightly"), "spec", Map.of("function", "ledger", "schedule", "0 3 * * *")))).status())
                .isEqualTo(201);
    }

    @Test
    void rolesDecideWhatAMemberMayDo() {
        assertThat(as("alice", "GET", "/api/v1/namespaces", null).json().path("items").findValuesAsString("name"))
                .as("a user lists only their namespaces").containsExactly("team-a");
        assertThat(as("alice", "POST", "/api/v1/namespaces/team-a/functions",
                Functions.python("hello", "def handler(event, context):\n    return 'a'\n")).status()).isEqualTo(201);

        Http.Response viewerWrites = as("bob", "DELETE", "/api/v1/namespaces/team-a/functions/hello", null);
        assertThat(viewerWrites.status()).isEqualTo(403);
        assertThat(viewerWrites.code()).isEqualTo("FORBIDDEN");
        assertThat(as("bob", "GET", "/api/v1/namespaces/team-a/functions/hello", null).json().path("spec")
                .path("source").path("inline").asString()).as("a single GET shows the code").contains("return 'a'");
        JsonNode listedSource = as("bob", "GET", "/api/v1/namespaces/team-a/functions", null).json().path("items")
                .path(0).path("spec").path("source");
        assertThat(listedSource.isMissingNode() || listedSource.isNull()).as("lists are summaries, without the code")
                .isTrue();
        assertThat(as("bob", "GET", "/api/v1/namespaces/team-a/functions/hello/logs", null).status())
                .as("viewers read logs").isEqualTo(200);
        assertThat(as("bob", "POST", "/api/v1/namespaces/team-a/functions/hello/invoke", "\"x\"").status())
                .as("invoking is a developer's right").isEqualTo(403);

        assertThat(as("alice", "PUT", "/api/v1/namespaces/team-a/members/bob", "{\"role\": \"admin\"}").status())
                .as("a developer cannot hand out roles").isEqualTo(403);
        assertThat(as("alice", "POST", "/api/v1/namespaces", Http.json(Map.of("metadata", Map.of("name", "mine"))))
                .status()).as("only platform admins create namespaces").isEqualTo(403);
        assertThat(as("alice", "POST", "/api/v1/users", Http.json(Map.of("name", "eve", "password", PASSWORD)))
                .status()).isEqualTo(403);
    }

    @Test
    void anotherTenantsResourcesAnswerAsIfTheyDidNotExist() {
        FingerPrint before = fingerprint("team-b");
        List<String> paths = new ArrayList<>();
        for (String namespace : List.of("team-b", "team-zz")) {
            for (String collection : List.of("functions", "httptriggers", "crontriggers", "kafkatriggers",
                    "natstriggers", "secrets")) {
                paths.add("/api/v1/namespaces/" + namespace + "/" + collection);
                for (String name : List.of("ledger", "db", "nightly", "missing")) {
                    paths.add("/api/v1/namespaces/" + namespace + "/" + collection + "/" + name);
                }
            }
            for (String name : List.of("ledger", "missing")) {
                paths.add("/api/v1/namespaces/" + namespace + "/functions/" + name + "/invoke");
                paths.add("/api/v1/namespaces/" + namespace + "/functions/" + name + "/logs");
                paths.add("/api/v1/namespaces/" + namespace + "/functions/" + name + "/logs?follow=true");
            }
            paths.add("/api/v1/namespaces/" + namespace + "/members");
            paths.add("/api/v1/namespaces/" + namespace + "/members/alice");
            paths.add("/api/v1/namespaces/" + namespace + "/audit");
        }
        String token = nubo.issue("alice", PASSWORD, "probe", List.of("team-a"), "developer");
        Map<String, String> answers = new TreeMap<>();
        int probes = 0;
        for (String path : paths) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                String body = method.equals("POST") || method.equals("PUT")
                        ? Functions.python("ledger", "def handler(e, c):\n    return 'stolen'\n") : null;
                for (Http.Response response : List.of(as("alice", method, path, body),
                        Http.send(method, nubo.api(path), body == null ? null : "application/json", body,
                                "Authorization", "Bearer " + token))) {
                    probes++;
                    assertThat(response.body()).doesNotContain("team-b-canary", "'b'");
                    // a method a path does not have is 405 for both namespaces alike; anything else is hidden
                    if (response.status() != 405) {
                        assertThat(response.status()).as("%s %s → %s", method, path, response.body()).isEqualTo(404);
                        assertThat(response.code()).isEqualTo("NAMESPACE_NOT_FOUND");
                    }
                    answers.merge(method + " " + path.replace("team-zz", "team-b"),
                            response.status() + " " + response.body().replace("team-zz", "team-b"),
                            (a, b) -> a.equals(b) ? a : "DIFFERENT: " + a + " / " + b);
                }
            }
        }
        assertThat(probes).isGreaterThanOrEqualTo(500);
        assertThat(answers.values()).as("team-b answers exactly as a namespace that does not exist")
                .noneMatch(answer -> answer.startsWith("DIFFERENT"));
        assertThat(fingerprint("team-b")).isEqualTo(before);
    }

    @Test
    void tokensAreScopedCappedExpiringAndRevocable() {
        String viewerToken = nubo.issue("alice", PASSWORD, "ci-read", List.of("team-a"), "viewer");
        assertThat(nubo.bearer(viewerToken, "GET", "/api/v1/namespaces/team-a/functions", null).status())
                .isEqualTo(200);
        assertThat(nubo.bearer(viewerToken, "POST", "/api/v1/namespaces/team-a/functions",
                Functions.python("by-token", "def handler(e, c):\n    return 1\n")).status())
                .as("the token's role caps the user's").isEqualTo(403);

        Http.Response tooHigh = as("alice", "POST", "/api/v1/tokens", Http.json(Map.of("name", "root",
                "namespaces", List.of("team-a"), "role", "admin")));
        assertThat(tooHigh.status()).isEqualTo(403);
        Http.Response foreign = as("alice", "POST", "/api/v1/tokens", Http.json(Map.of("name", "steal",
                "namespaces", List.of("team-b"), "role", "viewer")));
        assertThat(foreign.status()).isEqualTo(404);

        var jdbc = nubo.context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", Integer.class,
                CredentialStore.hash(viewerToken))).as("stored as its SHA-256").isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT * FROM api_tokens").toString()).doesNotContain(viewerToken);

        JsonNode listed = as("alice", "GET", "/api/v1/tokens", null).json().path("items");
        assertThat(listed.findValuesAsString("name")).contains("ci-read");
        assertThat(listed.toString()).as("values are shown once, never listed").doesNotContain(viewerToken);
        String id = null;
        for (JsonNode token : listed) {
            if (token.path("name").asString().equals("ci-read")) {
                id = token.path("id").asString();
                assertThat(token.path("lastUsedAt").isNull()).as("last use is shown").isFalse();
            }
        }
        assertThat(as("bob", "DELETE", "/api/v1/tokens/" + id, null).status()).as("only its owner revokes it")
                .isEqualTo(404);
        assertThat(as("alice", "DELETE", "/api/v1/tokens/" + id, null).status()).isEqualTo(200);
        assertThat(nubo.bearer(viewerToken, "GET", "/api/v1/namespaces/team-a/functions", null).status())
                .isEqualTo(401);

        var expired = nubo.context.getBean(CredentialStore.class).issueToken("alice", "old", NamespaceRole.VIEWER,
                Set.of("team-a"), Instant.now().minusSeconds(1));
        assertThat(nubo.bearer(expired.value(), "GET", "/api/v1/namespaces/team-a/functions", null).status())
                .isEqualTo(401);
    }

    @Test
    void writesAreAuditedForTheNamespaceAdmin() {
        as("alice", "POST", "/api/v1/namespaces/team-a/secrets",
                Http.json(Map.of("metadata", Map.of("name", "audited"), "data", Map.of("k", "audit-canary"))));
        as("bob", "DELETE", "/api/v1/namespaces/team-a/secrets/audited", null);

        assertThat(as("alice", "GET", "/api/v1/namespaces/team-a/audit", null).status()).isEqualTo(403);
        Http.Response audit = as("dave", "GET", "/api/v1/namespaces/team-a/audit", null);
        assertThat(audit.status()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : audit.json().path("items")) {
            assertThat(entry.path("source").asString()).as("from where").isEqualTo("127.0.0.1");
            assertThat(Instant.parse(entry.path("at").asString())).as("when")
                    .isBetween(started.minusSeconds(1), Instant.now().plusSeconds(1));
            entries.add(entry.path("actor").asString() + " " + entry.path("method").asString() + " "
                    + entry.path("path").asString() + " " + entry.path("status").asInt());
        }
        assertThat(entries).contains("alice POST /api/v1/namespaces/team-a/secrets 201",
                "bob DELETE /api/v1/namespaces/team-a/secrets/audited 403");
        assertThat(audit.body()).doesNotContain("audit-canary");
    }

    @Test
    void guessingPasswordsLocksTheUserOutFromThatAddressWithGrowingDelays() {
        assertThat(nubo.admin("POST", "/api/v1/users",
                Http.json(Map.of("name", "mallory-target", "password", PASSWORD))).status()).isEqualTo(201);
        nubo.member("team-a", "mallory-target", "viewer");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(nubo.as("mallory-target", "guess-" + i, "GET", "/api/v1/namespaces/team-a/functions", null)
                    .status());
        }
        assertThat(statuses).startsWith(401, 401, 401, 401, 401).endsWith(429);
        Http.Response locked = nubo.as("mallory-target", PASSWORD, "GET", "/api/v1/namespaces/team-a/functions", null);
        assertThat(locked.status()).as("even the right password waits out the lock").isEqualTo(429);
        assertThat(locked.code()).isEqualTo("LOGIN_LOCKED");
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 900);
        assertThat(as("alice", "GET", "/api/v1/namespaces/team-a/functions", null).status())
                .as("other users are not locked").isEqualTo(200);
    }

    @Test
    void quotasRefuseWhatWouldGoOverAndShowUsage() {
        assertThat(nubo.admin("POST", "/api/v1/namespaces", Http.json(Map.of("metadata", Map.of("name", "team-q"))))
                .status()).isEqualTo(201);
        nubo.member("team-q", "carol", "developer");
        Http.Response set = nubo.admin("PUT", "/api/v1/namespaces/team-q/quota", Http.json(Map.of("functions", 2,
                "triggers", 1, "replicas", 3, "memory", "1Gi", "codeBytes", 200)));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(as("carol", "PUT", "/api/v1/namespaces/team-q/quota", Http.json(Map.of("functions", 99)))
                .status()).as("members cannot raise their own quota").isEqualTo(403);

        String small = "def handler(e, c):\n    return 1\n";
        assertThat(as("carol", "POST", "/api/v1/namespaces/team-q/functions", quotaFunction("q1", small, 1, "256Mi"))
                .status()).isEqualTo(201);
        assertQuota(as("carol", "POST", "/api/v1/namespaces/team-q/functions", quotaFunction("q2", small, 3, "128Mi")),
                "replicas");
        assertQuota(as("carol", "POST", "/api/v1/namespaces/team-q/functions", quotaFunction("q2", small, 2, "512Mi")),
                "memory");
        assertQuota(as("carol", "POST", "/api/v1/namespaces/team-q/functions",
                quotaFunction("q2", small + "#".repeat(300), 1, "128Mi")), "codeBytes");
        assertThat(as("carol", "POST", "/api/v1/namespaces/team-q/functions", quotaFunction("q2", small, 1, "128Mi"))
                .status()).isEqualTo(201);
        assertQuota(as("carol", "POST", "/api/v1/namespaces/team-q/functions", quotaFunction("q3", small, 1, "64Mi")),
                "functions");
        assertQuota(as("carol", "PUT", "/api/v1/namespaces/team-q/functions/q1", quotaFunction("q1", small, 4, "64Mi")),
                "replicas");

        String cron = Http.json(Map.of("metadata", Map.of("name", "c1"), "spec", Map.of("function", "q1",
                "schedule", "0 3 * * *")));
        assertThat(as("carol", "POST", "/api/v1/namespaces/team-q/crontriggers", cron).status()).isEqualTo(201);
        assertQuota(as("carol", "POST", "/api/v1/namespaces/team-q/httptriggers", Http.json(Map.of("metadata",
                Map.of("name", "h1"), "spec", Map.of("function", "q1", "path", "/q")))), "triggers");

        JsonNode quota = as("carol", "GET", "/api/v1/namespaces/team-q/quota", null).json();
        assertThat(quota.path("usage").path("functions").asInt()).isEqualTo(2);
        assertThat(quota.path("usage").path("triggers").asInt()).isEqualTo(1);
        assertThat(quota.path("usage").path("replicas").asInt()).isEqualTo(2);
        assertThat(quota.path("usage").path("memoryBytes").asLong()).isEqualTo((256L + 128) * 1024 * 1024);
        assertThat(quota.path("limits").path("functions").asInt()).isEqualTo(2);
        assertThat(nubo.context.getBean(FunctionStore.class).list("team-q")).hasSize(2);
    }

    private static String quotaFunction(String name, String code, int replicas, String memory) {
        return Http.json(Map.of("metadata", Map.of("name", name), "spec", Map.of("runtime", "python3.11",
                "handler", "main.handler", "source", Map.of("inline", code),
                "scaling", Map.of("minReplicas", 0, "maxReplicas", replicas), "resources", Map.of("memory", memory))));
    }

    private static void assertQuota(Http.Response response, String quota) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(response.json().path("detail").asString()).startsWith("quota " + quota + " of namespace team-q");
    }

    /** Every endpoint the API maps has a rule, and each role gets what the rule says. */
    @Test
    void everyEndpointHasARuleAndEachRoleGetsWhatItSays() {
        RequestMappingHandlerMapping mapping = nubo.context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        Set<String> endpoints = new LinkedHashSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    endpoints.add(method.name() + " " + pattern);
                }
            }
        }
        assertThat(endpoints).hasSizeGreaterThan(20);
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
            assertThat(AccessRules.namespaced(pattern) || AccessRules.platform(method, pattern).isPresent())
                    .as("%s has an access rule", endpoint).isTrue();
            String path = pattern.replace("{namespace}", "team-a").replaceAll("\\{[^}]+}", "x");
            if (path.endsWith("/logs")) {
                path += "?tailLines=1";
            }
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            if (AccessRules.namespaced(pattern) && AccessRules.platformAdminOnly(method, pattern)) {
                assertThat(as("carol", method, path, body).status()).as("outsider: %s", endpoint).isEqualTo(404);
                expect(as("dave", method, path, body), false, "namespace admin: " + endpoint);
            } else if (AccessRules.namespaced(pattern)) {
                NamespaceRole.Action action = AccessRules.action(method, pattern);
                assertThat(as("carol", method, path, body).status()).as("outsider: %s", endpoint).isEqualTo(404);
                expect(as("bob", method, path, body), action == NamespaceRole.Action.READ, "viewer: " + endpoint);
                expect(as("alice", method, path, body), action != NamespaceRole.Action.MANAGE, "developer: " + endpoint);
                expect(as("dave", method, path, body), true, "admin: " + endpoint);
            } else {
                AccessRules.Rule rule = AccessRules.platform(method, pattern).orElseThrow();
                expect(as("alice", method, path, body), rule != AccessRules.Rule.PLATFORM_ADMIN, "user: " + endpoint);
            }
            int anonymous = Http.send(method, nubo.api(path), body == null ? null : "application/json", body).status();
            if (AccessRules.namespaced(pattern) || AccessRules.platform(method, pattern).orElseThrow()
                    != AccessRules.Rule.ANYONE) {
                assertThat(anonymous).as("without credentials: %s", endpoint).isEqualTo(401);
            } else {
                assertThat(anonymous).as("without credentials: %s", endpoint).isNotIn(401, 403);
            }
        }
    }

    @Test
    void aNamespaceAdminInvitesSomeoneWhoCreatesTheirOwnUserOnce() {
        assertThat(as("alice", "POST", "/api/v1/namespaces/team-a/invitations", "{\"role\": \"viewer\"}").status())
                .as("inviting is a namespace admin's right").isEqualTo(403);
        Http.Response invited = as("dave", "POST", "/api/v1/namespaces/team-a/invitations",
                "{\"role\": \"developer\", \"expiresInDays\": 2}");
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        String code = invited.json().path("code").asString();
        assertThat(code).startsWith("nubo_inv_");
        Http.Response pending = as("dave", "GET", "/api/v1/namespaces/team-a/invitations", null);
        assertThat(pending.json().path("items").findValuesAsString("invitedBy")).contains("dave");
        assertThat(pending.body()).as("the code is shown once").doesNotContain(code);

        String erin = Http.json(Map.of("code", code, "name", "erin", "password", PASSWORD));
        Http.Response joined = Http.send("POST", nubo.api("/api/v1/invitations/accept"), "application/json", erin);
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        assertThat(joined.json().path("role").asString()).isEqualTo("developer");
        assertThat(as("erin", "GET", "/api/v1/namespaces", null).json().path("items").findValuesAsString("name"))
                .containsExactly("team-a");
        assertThat(as("erin", "POST", "/api/v1/namespaces/team-a/secrets", Http.json(Map.of("metadata",
                Map.of("name", "erins"), "data", Map.of("k", "v")))).status()).isEqualTo(201);

        Http.Response again = Http.send("POST", nubo.api("/api/v1/invitations/accept"), "application/json",
                Http.json(Map.of("code", code, "name", "erin2", "password", PASSWORD)));
        assertThat(again.status()).as("an invitation is used once").isEqualTo(404);
        assertThat(again.code()).isEqualTo("INVITATION_NOT_FOUND");
        assertThat(as("erin2", "GET", "/api/v1/namespaces", null).status()).isEqualTo(401);
        assertThat(as("dave", "GET", "/api/v1/namespaces/team-a/audit", null).json().path("items").toString())
                .contains("\"actor\":\"erin\"").contains("/api/v1/invitations/accept");
    }

    private static void expect(Http.Response response, boolean allowed, String what) {
        if (allowed) {
            assertThat(response.status()).as("%s → %s", what, response.body()).isNotEqualTo(403);
            assertThat(response.body()).as(what).doesNotContain("NAMESPACE_NOT_FOUND");
        } else {
            assertThat(response.status()).as("%s → %s", what, response.body()).isEqualTo(403);
        }
    }

    record FingerPrint(Map<String, String> resources) {
    }

    private FingerPrint fingerprint(String namespace) {
        Map<String, String> resources = new TreeMap<>();
        for (Resource<?, ?> r : nubo.context.getBean(FunctionStore.class).list(namespace)) {
            resources.put("fn/" + r.metadata().name(), r.metadata().generation() + " " + r.spec());
        }
        for (Resource<?, ?> r : nubo.context.getBean(CronTriggerStore.class).list(namespace)) {
            resources.put("cron/" + r.metadata().name(), r.metadata().generation() + " " + r.spec());
        }
        return new FingerPrint(resources);
    }

    private Http.Response as(String user, String method, String path, String body) {
        return nubo.as(user, PASSWORD, method, path, body);
    }
}
