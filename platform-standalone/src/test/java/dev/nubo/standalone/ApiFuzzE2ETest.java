package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.nubo.core.model.Resource;
import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.core.store.KafkaTriggerStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.NatsTriggerStore;
import dev.nubo.core.store.ResourceStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated requests over every API endpoint — wrong methods, odd names, wrong content types, documents with fields
 * removed or of the wrong type, broken JSON and YAML — through the platform's real port. None may answer 5xx or show
 * a stack trace, every refusal is a problem detail with a code, and a refused write changes nothing stored.
 */
class ApiFuzzE2ETest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> COLLECTIONS = List.of("functions", "httptriggers", "crontriggers",
            "kafkatriggers", "natstriggers", "secrets");
    private static final Map<String, String> VALID = Map.of(
            "functions", """
                    {"apiVersion": "nubo.dev/v1", "kind": "Function", "metadata": {"name": "fz", "labels": {"a": "b"}},
                     "spec": {"runtime": "python3.11", "handler": "main.handler", "replicas": 1, "timeoutSeconds": 5,
                              "env": {"K": "v"}, "source": {"inline": "def handler(e, c):\\n    return 1\\n"}}}""",
            "httptriggers", """
                    {"apiVersion": "nubo.dev/v1", "kind": "HttpTrigger", "metadata": {"name": "fz"},
                     "spec": {"function": "fz", "path": "/fz", "methods": ["GET"], "auth": {"type": "basic",
                              "users": [{"username": "u", "password": "p"}]}}}""",
            "crontriggers", """
                    {"apiVersion": "nubo.dev/v1", "kind": "CronTrigger", "metadata": {"name": "fz"},
                     "spec": {"function": "fz", "schedule": "0 0 1 1 *", "timeZone": "Europe/Paris",
                              "payload": {"x": 1}, "concurrencyPolicy": "Forbid"}}""",
            "kafkatriggers", """
                    {"apiVersion": "nubo.dev/v1", "kind": "KafkaTrigger", "metadata": {"name": "fz"},
                     "spec": {"function": "fz", "topics": ["fz"], "maxRetries": 2, "ordering": "key"}}""",
            "natstriggers", """
                    {"apiVersion": "nubo.dev/v1", "kind": "NatsTrigger", "metadata": {"name": "fz"},
                     "spec": {"function": "fz", "subject": "fz.created"}}""",
            "secrets", """
                    {"metadata": {"name": "fz"}, "data": {"password": "fuzz-canary-91d2"}}""");

    private final Platform nubo = Platform.shared();
    /** The namespaces other tests made on the shared platform before this test's first request. */
    private final java.util.Set<String> othersNamespaces =
            java.util.Set.copyOf(nubo.context.getBean(NamespaceStore.class).list());

    record Request(String method, String path, String contentType, String body) {
        @Override
        public String toString() {
            String shown = body == null || body.length() <= 300 ? body : body.substring(0, 300) + "…";
            return method + " " + path + " (" + contentType + ") " + shown;
        }
    }

    @Property(tries = 10_000, shrinking = ShrinkingMode.BOUNDED)
    void noRequestBreaksTheApiOrChangesAnythingWhenRefused(@ForAll("requests") Request request) {
        if (!nubo.context.getBean(NamespaceStore.class).exists("fuzz")) {
            nubo.context.getBean(NamespaceStore.class).create("fuzz");
        }
        Map<String, String> before = stored();
        Http.Response response = Http.send(request.method(), nubo.api(request.path()), request.contentType(),
                request.body(), "Authorization", "Bearer " + Platform.TOKEN);

        Statistics.collect(response.status() / 100 + "xx");
        // the generator must reach both sides: writes that are accepted and requests that are refused
        Statistics.coverage(coverage -> {
            coverage.check("2xx").percentage(p -> p > 1);
            coverage.check("4xx").percentage(p -> p > 50);
        });
        boolean invoke = request.path().endsWith("/invoke");
        // an invoked function may be building or slow: 502/503/504 are its answers, with a problem code
        assertThat(response.status()).as("%s → %s", request, response.body()).isLessThan(invoke ? 505 : 500);
        assertThat(response.body()).as("%s", request).doesNotContain("Exception", "\tat ", "Whitelabel")
                .doesNotContain("fuzz-canary-91d2");
        if (response.status() >= 400) {
            assertThat(response.header("Content-Type")).as("%s → %s", request, response.body())
                    .startsWith("application/problem+json");
            if (!request.method().equals("HEAD")) {
                assertThat(response.code()).as("%s → %s", request, response.body()).isNotBlank();
            }
            assertThat(stored()).as("a refused %s changes nothing", request).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "GET", "POST", "POST", "POST", "PUT", "PUT", "PATCH",
                "DELETE", "HEAD", "OPTIONS");
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json", "application/json",
                "application/yaml", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/json; charset=latin1", "garbage", null);
        return Combinators.combine(method, path(), contentType, body())
                .as((m, p, c, b) -> new Request(m, p, m.equals("GET") || m.equals("HEAD") ? null : c,
                        m.equals("GET") || m.equals("HEAD") ? null : b));
    }

    private Arbitrary<String> path() {
        Arbitrary<String> namespace = Arbitraries.oneOf(Arbitraries.of("fuzz", "fuzz", "fuzz", "nope"),
                oddName());
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("fz", "fz", "fz", "other"), oddName());
        Arbitrary<String> collection = Arbitraries.oneOf(Arbitraries.of(COLLECTIONS), Arbitraries.of("Functions",
                "unknown", ""));
        return Combinators.combine(namespace, collection, name, Arbitraries.integers().between(0, 9)).as((ns, c, n, shape) ->
                switch (shape) {
                    case 0 -> "/api/v1/namespaces";
                    case 1 -> "/api/v1/namespaces/" + ns;
                    case 2, 3 -> "/api/v1/namespaces/" + ns + "/" + c;
                    case 4, 5, 6 -> "/api/v1/namespaces/" + ns + "/" + c + "/" + n;
                    case 7 -> "/api/v1/namespaces/" + ns + "/functions/" + n + "/invoke";
                    case 8 -> "/api/v1/namespaces/" + ns + "/functions/" + n + "/logs?tailLines=" + n;
                    default -> "/api/v1/cron/preview";
                });
    }

    /** Names no resource may have, percent-encoded so they reach the API as sent. */
    private Arbitrary<String> oddName() {
        return Arbitraries.oneOf(Arbitraries.of("UPPER", "a_b", "-lead", "..", ".", "a.b", "ñame", "a b", "%00",
                "x".repeat(300), "<script>", "' OR 1=1 --"), Arbitraries.strings().ofMaxLength(20))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private Arbitrary<String> body() {
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(COLLECTIONS),
                Arbitraries.integers().between(1, 4).list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.longs(), Arbitraries.strings().ofMaxLength(40)).as(this::mutate);
        Arbitrary<String> broken = Arbitraries.oneOf(
                Arbitraries.of(VALID.values()).map(s -> s.substring(0, s.length() / 2)),
                Arbitraries.of("", "null", "[]", "{}", "\"x\"", "42", "{\"spec\": null}", "{\"metadata\": []}",
                        "a: &a [*a]\n", "kind: Function\nmetadata: {name: fz}\nspec: !!binary AAAA\n",
                        "{\"apiVersion\": \"kubeless.io/v1beta1\", \"kind\": \"Function\"}",
                        "{\"kind\": \"KafkaTrigger\", \"spec\": {\"topic\": 1}}", "{" + "\"a\": {".repeat(2000)),
                Arbitraries.strings().ofMaxLength(200));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, mutated),
                net.jqwik.api.Tuple.of(3, broken),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(VALID.values())));
    }

    /** A valid document of one kind with a few fields removed or replaced by values of another type. */
    private String mutate(String collection, List<Integer> steps, long number, String text) {
        ObjectNode document = (ObjectNode) Http.JSON.readTree(VALID.get(collection));
        long seed = number;
        for (int step : steps) {
            List<ObjectNode> parents = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            collectFields(document, parents, fields);
            if (fields.isEmpty()) {
                break;
            }
            int pick = (int) Math.floorMod(seed, fields.size());
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            ObjectNode parent = parents.get(pick);
            String field = fields.get(pick);
            switch (step) {
                case 1 -> parent.remove(field);
                case 2 -> parent.put(field, number);
                case 3 -> parent.put(field, text);
                default -> parent.set(field, Math.floorMod(seed, 2) == 0 ? NODES.nullNode() : odd(text, number));
            }
        }
        return document.toString();
    }

    private JsonNode odd(String text, long number) {
        ArrayNode array = NODES.arrayNode().add(text).add(number);
        return Math.floorMod(number, 3) == 0 ? array : NODES.objectNode().set(text, array);
    }

    private static void collectFields(ObjectNode node, List<ObjectNode> parents, List<String> fields) {
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            parents.add(node);
            fields.add(name);
            if (node.get(name) instanceof ObjectNode child) {
                collectFields(child, parents, fields);
            }
        }
    }

    /**
     * What users stored, without what the platform writes on its own (status): every namespace's name, and the
     * resources of the namespaces the generated paths name ("fuzz", "nope" and the odd names; the other tests'
     * namespaces on the shared platform are out of their reach, and reading their functions 20,000 times made this
     * test take minutes).
     */
    private Map<String, String> stored() {
        Map<String, String> stored = new TreeMap<>();
        List<String> namespaces = nubo.context.getBean(NamespaceStore.class).list();
        stored.put("namespaces", namespaces.toString());
        SecretStore secrets = nubo.context.getBean(SecretStore.class);
        for (String namespace : namespaces) {
            if (!reachable(namespace)) {
                continue;
            }
            add(stored, "functions", nubo.context.getBean(FunctionStore.class), namespace);
            add(stored, "httptriggers", nubo.context.getBean(HttpTriggerStore.class), namespace);
            add(stored, "crontriggers", nubo.context.getBean(CronTriggerStore.class), namespace);
            add(stored, "kafkatriggers", nubo.context.getBean(KafkaTriggerStore.class), namespace);
            add(stored, "natstriggers", nubo.context.getBean(NatsTriggerStore.class), namespace);
            secrets.list(namespace).forEach(secret -> stored.put("secrets/" + namespace + "/"
                    + secret.metadata().name(), secret.metadata().resourceVersion()));
        }
        return stored;
    }

    /** A namespace a generated request may address: not one another test made before this one started. */
    private boolean reachable(String namespace) {
        return !othersNamespaces.contains(namespace) || namespace.equals("fuzz") || namespace.equals("nope");
    }

    private static void add(Map<String, String> stored, String kind, ResourceStore<? extends Resource<?, ?>, ?, ?> store,
            String namespace) {
        for (Resource<?, ?> resource : store.list(namespace)) {
            stored.put(kind + "/" + resource.metadata().namespace() + "/" + resource.metadata().name(),
                    resource.metadata().uid() + " g" + resource.metadata().generation() + " "
                            + resource.metadata().labels() + " " + resource.spec());
        }
    }
}
