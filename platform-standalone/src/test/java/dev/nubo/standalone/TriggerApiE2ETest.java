package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.core.trigger.CredentialHashes;
import dev.nubo.core.trigger.CronSchedule;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The trigger API through the platform's real port: CRUD of every kind, optimistic concurrency, validation with
 * nothing stored, Kubeless manifests, secrets that never come back, the cron preview, and OpenAPI.
 */
class TriggerApiE2ETest {

    private static final String CANARY = "canary-2c9e7f51-secret";
    private final Platform nubo = Platform.shared();

    /** A kind's collection, a valid trigger named {name} and a change to make to it (field, new value). */
    record Kind(String plural, String kind, String specJson, String changedField, String changedValue) {

        String document(String name) {
            return "{\"apiVersion\": \"nubo.dev/v1\", \"kind\": \"" + kind + "\", \"metadata\": {\"name\": \"" + name
                    + "\", \"labels\": {\"team\": \"shop\"}}, \"spec\": " + specJson + "}";
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    static final Kind HTTP = new Kind("httptriggers", "HttpTrigger",
            "{\"function\": \"hello\", \"path\": \"/shop\", \"methods\": [\"get\"]}", "path", "\"/store\"");
    static final Kind CRON = new Kind("crontriggers", "CronTrigger",
            "{\"function\": \"hello\", \"schedule\": \"*/5 * * * *\", \"payload\": {\"report\": \"daily\"}}",
            "schedule", "\"@hourly\"");
    static final Kind KAFKA = new Kind("kafkatriggers", "KafkaTrigger",
            "{\"functionSelector\": {\"matchLabels\": {\"app\": \"shop\"}}, \"topics\": [\"orders\"]}",
            "topics", "[\"orders\", \"refunds\"]");
    static final Kind NATS = new Kind("natstriggers", "NatsTrigger",
            "{\"function\": \"hello\", \"subject\": \"orders.created\"}", "subject", "\"orders.updated\"");

    static Stream<Kind> kinds() {
        return Stream.of(HTTP, CRON, KAFKA, NATS);
    }

    private String path(Kind kind, String namespace) {
        return "/api/v1/namespaces/" + namespace + "/" + kind.plural();
    }

    private Http.Response post(Kind kind, String namespace, String contentType, String body) {
        return nubo.apiCall("POST", path(kind, namespace), contentType, body);
    }

    private Http.Response get(Kind kind, String name) {
        return nubo.apiCall("GET", path(kind, "default") + "/" + name, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyKindIsCreatedReadListedReplacedAndDeleted(Kind kind) {
        String name = "crud-" + kind.plural();
        Http.Response created = post(kind, "default", "application/json", kind.document(name));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(path(kind, "default") + "/" + name);
        JsonNode trigger = created.json();
        assertThat(trigger.path("kind").asString()).isEqualTo(kind.kind());
        assertThat(trigger.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(trigger.path("metadata").path("labels").path("team").asString()).isEqualTo("shop");
        assertThat(trigger.path("spec").path("enabled").asBoolean()).as("defaults are filled").isTrue();
        JsonNode ready = trigger.path("status").path("conditions").path(0);
        assertThat(List.of(ready.path("type").asString(), ready.path("status").asString(),
                ready.path("reason").asString())).containsExactly("Ready", "Unknown", "Pending");

        Http.Response read = get(kind, name);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("metadata").path("uid").asString())
                .isEqualTo(trigger.path("metadata").path("uid").asString());
        Http.Response list = nubo.apiCall("GET", path(kind, "default"), null, null);
        assertThat(list.json().path("kind").asString()).isEqualTo(kind.kind() + "List");
        assertThat(list.json().path("items").findValuesAsString("name")).contains(name);

        // The platform writes a trigger's status on its own (the cron scheduler right after creation), which moves
        // resourceVersion: a client reads again and reapplies its change on 409, as the problem detail says.
        ObjectNode edited = (ObjectNode) read.json();
        Http.Response replaced = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            ((ObjectNode) edited.path("spec")).set(kind.changedField(), Http.JSON.readTree(kind.changedValue()));
            replaced = nubo.apiCall("PUT", path(kind, "default") + "/" + name, "application/json", edited.toString());
            if (replaced.status() != 409) {
                break;
            }
            edited = (ObjectNode) get(kind, name).json();
        }
        Http.Response stale = nubo.apiCall("PUT", path(kind, "default") + "/" + name, "application/json",
                edited.toString());

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().path("metadata").path("generation").asLong()).isEqualTo(2);
        assertThat(replaced.json().path("spec").path(kind.changedField()))
                .isEqualTo(Http.JSON.readTree(kind.changedValue()));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.code()).isEqualTo("RESOURCE_VERSION_CONFLICT");
        JsonNode stored = get(kind, name).json();
        assertThat(stored.path("spec").path(kind.changedField())).isEqualTo(Http.JSON.readTree(kind.changedValue()));
        assertThat(stored.path("metadata").path("generation").asLong()).isEqualTo(2);

        Http.Response deleted = nubo.apiCall("DELETE", path(kind, "default") + "/" + name, null, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("details").path("kind").asString()).isEqualTo(kind.kind());
        Http.Response gone = get(kind, name);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.code()).isEqualTo(kind.kind().toUpperCase() + "_NOT_FOUND");
        assertThat(nubo.apiCall("DELETE", path(kind, "default") + "/" + name, null, null).code())
                .isEqualTo(kind.kind().toUpperCase() + "_NOT_FOUND");
        assertThat(nubo.apiCall("PUT", path(kind, "default") + "/" + name, "application/json",
                kind.document(name)).code()).isEqualTo(kind.kind().toUpperCase() + "_NOT_FOUND");
    }

    @Test
    void aYamlBodyAndATakenNameWorkAsForFunctions() {
        String yaml = """
                apiVersion: nubo.dev/v1
                kind: CronTrigger
                metadata:
                  name: yaml-tick
                spec:
                  function: hello
                  schedule: "@daily"
                  timeZone: Europe/Paris
                  concurrencyPolicy: Forbid
                """;
        Http.Response created = post(CRON, "default", "application/yaml", yaml);
        Http.Response again = post(CRON, "default", "application/yaml", yaml);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("spec").path("concurrencyPolicy").asString()).isEqualTo("Forbid");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("CRONTRIGGER_EXISTS");
    }

    static Stream<Arguments> badTriggers() {
        return Stream.of(
                bad(HTTP, "name", "Bad_Name", "{\"function\": \"hello\"}", "NAME_INVALID"),
                bad(HTTP, "selector", "bad-http-selector", "{\"functionSelector\": {\"matchLabels\": {\"a\": \"b\"}}}",
                        "FUNCTION_SELECTOR_UNSUPPORTED"),
                bad(HTTP, "path", "bad-http-path", "{\"function\": \"hello\", \"path\": \"/a/../b\"}", "PATH_INVALID"),
                bad(HTTP, "password", "bad-http-password", "{\"function\": \"hello\", \"auth\": {\"type\": \"basic\","
                        + " \"users\": [{\"username\": \"a\", \"password\": \"short\"}]}}", "PASSWORD_TOO_SHORT"),
                bad(HTTP, "token", "bad-http-token", "{\"function\": \"hello\", \"auth\": {\"type\": \"bearer\","
                        + " \"tokens\": [{\"name\": \"t\", \"token\": \"tiny\"}]}}", "TOKEN_TOO_SHORT"),
                bad(HTTP, "forged hash", "bad-http-hash", "{\"function\": \"hello\", \"auth\": {\"type\": \"basic\","
                        + " \"users\": [{\"username\": \"a\", \"passwordHash\": \"x\"}]}}", "FIELD_READ_ONLY"),
                bad(CRON, "schedule", "bad-cron-schedule", "{\"function\": \"hello\", \"schedule\": \"61 * * * *\"}",
                        "SCHEDULE_INVALID"),
                bad(CRON, "zone", "bad-cron-zone", "{\"function\": \"hello\", \"schedule\": \"@hourly\","
                        + " \"timeZone\": \"Mars/Olympus\"}", "TIME_ZONE_INVALID"),
                bad(CRON, "policy", "bad-cron-policy", "{\"function\": \"hello\", \"schedule\": \"@hourly\","
                        + " \"concurrencyPolicy\": \"Sometimes\"}", "FIELD_INVALID"),
                bad(KAFKA, "topic", "bad-kafka-topic", "{\"function\": \"hello\", \"topics\": [\"a b\"]}",
                        "TOPIC_INVALID"),
                bad(KAFKA, "target", "bad-kafka-target", "{\"topics\": [\"a\"]}", "TARGET_REQUIRED"),
                bad(KAFKA, "dead letter loop", "bad-kafka-loop", "{\"function\": \"hello\", \"topics\": [\"a\","
                        + " \"a.dlq\"]}", "DEAD_LETTER_LOOP"),
                bad(KAFKA, "retries", "bad-kafka-retries", "{\"function\": \"hello\", \"topics\": [\"a\"],"
                        + " \"maxRetries\": 1000}", "OUT_OF_RANGE"),
                bad(NATS, "subject", "bad-nats-subject", "{\"function\": \"hello\", \"subject\": \"a.>.b\"}",
                        "SUBJECT_INVALID"),
                bad(NATS, "selector", "bad-nats-selector", "{\"functionSelector\": {}, \"subject\": \"a\"}",
                        "SELECTOR_EMPTY"),
                bad(NATS, "unknown field", "bad-nats-field", "{\"function\": \"hello\", \"subjects\": [\"a\"]}",
                        "FIELD_UNKNOWN"));
    }

    private static Arguments bad(Kind kind, String what, String name, String spec, String code) {
        return Arguments.of(kind, what, name, spec, code);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badTriggers")
    void badInputGets422WithFieldErrorsAndStoresNothing(Kind kind, String what, String name, String spec,
            String code) {
        Http.Response response = post(kind, "default", "application/json", kind.document(name).replace(
                kind.specJson(), spec));

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("errors").findValuesAsString("code")).contains(code);
        assertThat(get(kind, name).status()).isEqualTo(404);
        assertThat(nubo.apiCall("GET", path(kind, "default"), null, null).json().path("items")
                .findValuesAsString("name")).doesNotContain(name);
    }

    @Test
    void everyProblemOfADocumentIsReportedAtOnce() {
        Http.Response response = post(KAFKA, "default", "application/json", """
                {"metadata": {"name": "Many_Problems"}, "spec": {"topics": ["ok", "not ok"], "maxConcurrency": 0,
                 "retryBackoff": {"multiplier": 0.1}}}""");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("errors").findValuesAsString("field")).containsExactly("metadata.name",
                "spec.function", "spec.topics[1]", "spec.maxConcurrency", "spec.retryBackoff.multiplier");
    }

    @Test
    void kubelessManifestsOfEveryKindAreConverted() {
        Http.Response http = post(HTTP, "default", "application/yaml", """
                apiVersion: kubeless.io/v1beta1
                kind: HTTPTrigger
                metadata:
                  name: kl-http
                  namespace: default
                spec:
                  function-name: get-python
                  host-name: shop.example.com
                  path: echo
                  gateway: nginx
                  cors-enable: true
                """);
        Http.Response cron = post(CRON, "default", "application/json", """
                {"apiVersion": "kubeless.io/v1beta1", "kind": "CronJobTrigger", "metadata": {"name": "kl-cron"},
                 "spec": {"function-name": "get-python", "schedule": "*/10 * * * *", "payload": {"a": 1}}}""");
        Http.Response kafka = post(KAFKA, "default", "application/yaml", """
                apiVersion: kubeless.io/v1beta1
                kind: KafkaTrigger
                metadata:
                  name: kl-kafka
                  labels:
                    created-by: kubeless
                spec:
                  topic: s3-python
                  functionSelector:
                    matchLabels:
                      created-by: kubeless
                      topic: s3-python
                """);
        Http.Response nats = post(NATS, "default", "application/yaml", """
                apiVersion: kubeless.io/v1beta1
                kind: NATSTrigger
                metadata:
                  name: kl-nats
                spec:
                  topic: test
                  functionSelector:
                    matchLabels:
                      topic: test
                """);

        for (Http.Response response : List.of(http, cron, kafka, nats)) {
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            assertThat(response.json().path("apiVersion").asString()).isEqualTo("nubo.dev/v1");
        }
        assertThat(http.json().path("spec").path("path").asString()).isEqualTo("/echo");
        assertThat(http.json().path("spec").path("cors").path("allowOrigins").path(0).asString()).isEqualTo("*");
        assertThat(warnings(http)).singleElement().asString().startsWith("299 - \"gateway nginx is ignored");
        assertThat(cron.json().path("spec").path("schedule").asString()).isEqualTo("*/10 * * * *");
        assertThat(cron.json().path("spec").path("payload").path("a").asInt()).isEqualTo(1);
        assertThat(kafka.json().path("spec").path("topics").path(0).asString()).isEqualTo("s3-python");
        assertThat(kafka.json().path("spec").path("consumerGroup").asString()).isEqualTo("nubo-default-kl-kafka");
        assertThat(warnings(kafka)).singleElement().asString().contains("at least once");
        assertThat(nats.json().path("spec").path("subject").asString()).isEqualTo("test");
        assertThat(nats.json().path("spec").path("functionSelector").path("matchLabels").path("topic").asString())
                .isEqualTo("test");
    }

    @Test
    void kubelessBasicAuthFromASecretIsRefusedAndAnotherKindIsSentElsewhere() {
        Http.Response secret = post(HTTP, "default", "application/yaml", """
                apiVersion: kubeless.io/v1beta1
                kind: HTTPTrigger
                metadata:
                  name: kl-secret
                spec:
                  function-name: get-python
                  basic-auth-secret: my-users
                """);
        Http.Response wrongCollection = post(HTTP, "default", "application/yaml", """
                apiVersion: kubeless.io/v1beta1
                kind: KafkaTrigger
                metadata:
                  name: kl-elsewhere
                spec:
                  topic: a
                """);

        assertThat(secret.status()).isEqualTo(422);
        assertThat(secret.json().path("errors").path(0).path("code").asString())
                .isEqualTo("BASIC_AUTH_SECRET_UNSUPPORTED");
        assertThat(secret.json().path("detail").asString()).contains("spec.auth");
        assertThat(get(HTTP, "kl-secret").status()).isEqualTo(404);
        assertThat(wrongCollection.status()).isEqualTo(422);
        assertThat(wrongCollection.json().path("errors").path(0).path("code").asString()).isEqualTo("KIND_UNSUPPORTED");
        assertThat(wrongCollection.json().path("detail").asString()).contains("kafkatriggers");
    }

    @Test
    void secretsAreStoredHashedAndNeverComeBack() {
        List<Http.Response> responses = new ArrayList<>();
        String basic = HTTP.document("secret-basic").replace(HTTP.specJson(), """
                {"function": "hello", "path": "/secret", "auth": {"type": "basic",
                 "users": [{"username": "alice", "password": "%s"}]}}""".formatted(CANARY));
        String bearer = HTTP.document("secret-bearer").replace(HTTP.specJson(), """
                {"function": "hello", "path": "/secret2", "auth": {"type": "bearer",
                 "tokens": [{"name": "ci", "token": "%s"}]}}""".formatted(CANARY));
        responses.add(post(HTTP, "default", "application/json", basic));
        responses.add(post(HTTP, "default", "application/json", bearer));
        HttpTriggerStore store = nubo.context.getBean(HttpTriggerStore.class);
        String storedHash = store.get("default", "secret-basic").orElseThrow().spec().auth().users().getFirst()
                .passwordHash();

        Http.Response read = get(HTTP, "secret-basic");
        responses.add(read);
        responses.add(nubo.apiCall("GET", path(HTTP, "default"), null, null));
        // GET → edit → PUT: the user comes back without a password. The gateway writes the trigger's status on its
        // own (which moves resourceVersion): a client reads again and reapplies its change on 409.
        Http.Response replaced = null;
        List<Http.Response> readsAgain = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            Http.Response current = attempt == 0 ? read : get(HTTP, "secret-basic");
            readsAgain.add(current);
            ObjectNode edited = (ObjectNode) current.json();
            ((ObjectNode) edited.path("spec")).put("path", "/secret-edited");
            replaced = nubo.apiCall("PUT", path(HTTP, "default") + "/secret-basic", "application/json",
                    edited.toString());
            if (replaced.status() != 409) {
                break;
            }
        }
        responses.add(replaced);
        responses.add(nubo.apiCall("PUT", path(HTTP, "default") + "/secret-bearer", "application/json",
                bearer.replace("\"/secret2\"", "\"bad path\"")));
        responses.add(nubo.apiCall("GET", "/v3/api-docs", null, null));
        responses.add(nubo.apiCall("DELETE", path(HTTP, "default") + "/secret-bearer", null, null));
        responses.addAll(readsAgain);

        assertThat(read.json().path("spec").path("auth").path("users").path(0).path("username").asString())
                .isEqualTo("alice");
        assertThat(responses.get(4).status()).as(responses.get(4).body()).isEqualTo(200);
        assertThat(responses.get(5).status()).isEqualTo(422);
        for (Http.Response response : responses) {
            assertThat(response.body()).doesNotContain(CANARY, storedHash);
            assertThat(response.headers().toString()).doesNotContain(CANARY);
            if (!response.body().contains("\"openapi\"")) { // the schema names the fields, as it should
                assertThat(response.body()).doesNotContain("passwordHash", "tokenHash", "\"password\"",
                        "\"token\"");
            }
        }
        String keptHash = store.get("default", "secret-basic").orElseThrow().spec().auth().users().getFirst()
                .passwordHash();
        assertThat(keptHash).isEqualTo(storedHash);
        assertThat(CredentialHashes.passwordMatches(CANARY, keptHash)).isTrue();
        assertThat(store.get("default", "secret-basic").orElseThrow().toString()).doesNotContain(CANARY);
    }

    @Test
    void deletingAFunctionKeepsItsTriggers() {
        assertThat(nubo.create("default", Functions.python("keeps-triggers", "def handler(e, c):\n    return 1\n"))
                .status()).isEqualTo(201);
        assertThat(post(KAFKA, "default", "application/json", KAFKA.document("kept-by-function").replace(
                KAFKA.specJson(), "{\"function\": \"keeps-triggers\", \"topics\": [\"kept\"]}")).status())
                .isEqualTo(201);

        assertThat(nubo.delete("default", "keeps-triggers").status()).isEqualTo(200);

        Http.Response trigger = get(KAFKA, "kept-by-function");
        assertThat(trigger.status()).isEqualTo(200);
        assertThat(trigger.json().path("spec").path("function").asString()).isEqualTo("keeps-triggers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anUnknownNamespaceIs404(Kind kind) {
        for (Http.Response response : List.of(nubo.apiCall("GET", path(kind, "nowhere"), null, null),
                post(kind, "nowhere", "application/json", kind.document("x")),
                nubo.apiCall("GET", path(kind, "nowhere") + "/x", null, null),
                nubo.apiCall("DELETE", path(kind, "nowhere") + "/x", null, null))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.code()).isEqualTo("NAMESPACE_NOT_FOUND");
        }
    }

    @Test
    void aNamespaceHoldingTriggersCannotBeDeleted() {
        nubo.apiCall("POST", "/api/v1/namespaces", "application/json", "{\"metadata\": {\"name\": \"trig-ns\"}}");
        assertThat(post(NATS, "trig-ns", "application/json", NATS.document("held")).status()).isEqualTo(201);

        assertThat(nubo.apiCall("DELETE", "/api/v1/namespaces/trig-ns", null, null).code())
                .isEqualTo("NAMESPACE_NOT_EMPTY");
        nubo.apiCall("DELETE", path(NATS, "trig-ns") + "/held", null, null);
        assertThat(nubo.apiCall("DELETE", "/api/v1/namespaces/trig-ns", null, null).status()).isEqualTo(200);
    }

    @Test
    void aCronTriggerShowsTheNextFireTimesItsDispatcherWrote() {
        assertThat(post(CRON, "default", "application/json", CRON.document("shows-next")).status()).isEqualTo(201);
        // what the cron dispatcher writes; with the dispatcher merged this write is redundant, the wait stays true
        List<Instant> next = CronSchedule.parse("*/5 * * * *", "UTC").next(Instant.now(), 5);
        nubo.context.getBean(CronTriggerStore.class).updateStatus("default", "shows-next",
                new TriggerStatus(List.of(), 1L, List.of("hello"), null, null, null, next, null));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode times = get(CRON, "shows-next").json().path("status").path("nextFireTimes");
            assertThat(times.size()).isEqualTo(5);
            List<Instant> shown = new ArrayList<>();
            times.forEach(time -> shown.add(Instant.parse(time.asString())));
            assertThat(shown).isSorted().allSatisfy(t -> assertThat(t.getEpochSecond() % 300).isZero());
        });
    }

    @Test
    void theCronPreviewShowsNextTimesAndStoresNothing() {
        int before = nubo.apiCall("GET", path(CRON, "default"), null, null).json().path("items").size();

        Http.Response preview = nubo.apiCall("POST", "/api/v1/cron/preview", "application/json",
                "{\"schedule\": \"0 9 * * MON-FRI\", \"timeZone\": \"Europe/Paris\"}");
        Http.Response three = nubo.apiCall("POST", "/api/v1/cron/preview", "application/json",
                "{\"schedule\": \"@every 10s\", \"count\": 3}");
        Http.Response bad = nubo.apiCall("POST", "/api/v1/cron/preview", "application/json",
                "{\"schedule\": \"* * * *\", \"timeZone\": \"Nowhere\"}");
        Http.Response typo = nubo.apiCall("POST", "/api/v1/cron/preview", "application/json",
                "{\"schedul\": \"@hourly\"}");

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().path("nextFireTimes").size()).isEqualTo(5);
        assertThat(preview.json().path("timeZone").asString()).isEqualTo("Europe/Paris");
        Instant first = Instant.parse(preview.json().path("nextFireTimes").path(0).asString());
        assertThat(first.atZone(java.time.ZoneId.of("Europe/Paris")).getHour()).isEqualTo(9);
        assertThat(three.json().path("nextFireTimes").size()).isEqualTo(3);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors").findValuesAsString("field")).containsExactly("timeZone", "schedule");
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.json().path("errors").path(0).path("code").asString()).isEqualTo("FIELD_UNKNOWN");
        assertThat(nubo.apiCall("GET", path(CRON, "default"), null, null).json().path("items").size())
                .isEqualTo(before);
    }

    @Test
    void triggerRoutesNeedCredentials() {
        for (Kind kind : List.of(HTTP, CRON, KAFKA, NATS)) {
            for (String method : List.of("GET", "POST")) {
                Http.Response anonymous = Http.send(method, nubo.api(path(kind, "default")), "application/json",
                        kind.document("anonymous"));
                assertThat(anonymous.status()).isEqualTo(401);
                assertThat(anonymous.code()).isEqualTo("UNAUTHORIZED");
            }
        }
        assertThat(Http.send("POST", nubo.api("/api/v1/cron/preview"), "application/json",
                "{\"schedule\": \"@hourly\"}").status()).isEqualTo(401);
        assertThat(get(CRON, "anonymous").status()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesTheTriggerApi() {
        Http.Response doc = Http.send("GET", nubo.api("/v3/api-docs"), null, null);

        JsonNode paths = doc.json().path("paths");
        for (Kind kind : List.of(HTTP, CRON, KAFKA, NATS)) {
            String collection = "/api/v1/namespaces/{namespace}/" + kind.plural();
            assertThat(paths.has(collection)).as(collection).isTrue();
            assertThat(paths.path(collection).has("post")).isTrue();
            assertThat(paths.path(collection + "/{name}").has("put")).isTrue();
            assertThat(paths.path(collection + "/{name}").has("delete")).isTrue();
            assertThat(doc.json().path("components").path("schemas").has(kind.kind())).as(kind.kind()).isTrue();
            assertThat(paths.path(collection).path("post").path("requestBody").path("content")
                    .has("application/yaml")).as("the body of " + kind.kind() + " is documented").isTrue();
        }
        JsonNode user = doc.json().path("components").path("schemas").path("BasicUser").path("properties");
        assertThat(user.has("password")).isTrue();
        assertThat(user.has("passwordHash")).as("the stored hash is no part of the API").isFalse();
        assertThat(paths.has("/api/v1/cron/preview")).isTrue();
    }

    private static List<String> warnings(Http.Response response) {
        return response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Warning"))
                .flatMap(e -> e.getValue().stream()).toList();
    }
}
