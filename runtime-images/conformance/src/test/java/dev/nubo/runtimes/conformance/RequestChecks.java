package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;

import org.assertj.core.api.SoftAssertions;

/** What the function sees of a request: the body as JSON or text, and the method. */
final class RequestChecks extends CheckGroup {

    private static final String JSON_OBJECT = "{\"name\":\"nubo\",\"list\":[1,2.5,\"x\",null,true],\"nested\":{\"k\":\"v\"}}";
    private static final String TEXT = "héllo wörld ✓\nsecond line";
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    RequestChecks(RuntimeUnderTest runtime) {
        super(runtime);
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("answers GET /hello with 'hello world' as text/plain; charset=utf-8", this::hello),
                new Check("echoes a JSON body as application/json; the function sees an object", this::echoJson),
                new Check("parses 'application/json; charset=utf-8' and '+json' bodies as JSON", this::jsonMediaTypes),
                new Check("gives the function null for an empty application/json (or '+json') body", this::emptyJson),
                new Check("echoes a text or form body unchanged as text/plain; the function sees a string", this::echoText),
                new Check("passes GET, POST, PUT, PATCH, DELETE and OPTIONS to the handler", this::everyMethod),
                new Check("answers HEAD like GET without a body, counted as a HEAD call (not GET)", this::head));
    }

    private void hello() {
        assertTextAnswer(client().get("/hello"), "hello world");
    }

    private void echoJson() {
        assertJsonAnswer(client().post("/echo", "application/json", JSON_OBJECT), JSON_OBJECT);
        Reply described = assertStatus(client().post("/describe", "application/json", JSON_OBJECT), 200);
        assertThat(described.field("dataType")).as("dataType in %s", described).isEqualTo("object");
    }

    private void jsonMediaTypes() {
        SoftAssertions soft = new SoftAssertions();
        expectDataType(soft, "application/json; charset=utf-8", "[1,2]", "array");
        expectDataType(soft, "application/vnd.api+json", JSON_OBJECT, "object");
        expectDataType(soft, "application/json", "42", "number");
        soft.assertAll();
    }

    private void emptyJson() {
        SoftAssertions soft = new SoftAssertions();
        expectDataType(soft, "application/json", "", "null");
        expectDataType(soft, "application/cloudevents+json; charset=utf-8", "", "null");
        soft.assertAll();
    }

    private void expectDataType(SoftAssertions soft, String contentType, String body, String dataType) {
        Reply reply = client().post("/describe", contentType, body);
        soft.assertThat(reply.status()).as("status of %s (sent as %s)", reply, contentType).isEqualTo(200);
        if (reply.status() == 200) {
            soft.assertThat(reply.field("dataType")).as("dataType for %s body %s", contentType, body)
                    .isEqualTo(dataType);
        }
    }

    private void echoText() {
        Reply echoed = client().post("/echo", "text/plain; charset=utf-8", TEXT);
        assertBody(echoed, TEXT);
        assertThat(echoed.mediaType()).as("media type of %s", echoed).isEqualTo("text/plain");
        assertBody(client().post("/echo", "application/x-www-form-urlencoded", "a=1&b=%20x"), "a=1&b=%20x");
        Reply described = assertStatus(client().post("/describe", "text/plain", TEXT), 200);
        assertThat(described.field("dataType")).as("dataType in %s", described).isEqualTo("string");
        Reply empty = assertStatus(client().get("/describe"), 200);
        assertThat(empty.field("dataType")).as("dataType of an empty body in %s", empty).isEqualTo("string");
        assertBody(client().get("/echo"), "");
    }

    private void everyMethod() {
        SoftAssertions soft = new SoftAssertions();
        for (String method : METHODS) {
            Reply reply = describeWith(method);
            soft.assertThat(reply.status()).as("status of %s", reply).isEqualTo(200);
            if (reply.status() == 200) {
                soft.assertThat(reply.field("method")).as("method the function saw for %s", method).isEqualTo(method);
                soft.assertThat(reply.field("path")).as("path the function saw for %s", method).isEqualTo("/describe");
            }
        }
        soft.assertAll();
    }

    private Reply describeWith(String method) {
        boolean hasBody = List.of("POST", "PUT", "PATCH").contains(method);
        BodyPublisher body = hasBody ? BodyPublishers.ofString("x") : BodyPublishers.noBody();
        return hasBody ? client().send(method, "/describe", body, "Content-Type", "text/plain")
                : client().send(method, "/describe", body);
    }

    private void head() {
        Reply get = assertStatus(client().get("/hello"), 200);
        Metrics before = client().metrics();
        Reply reply = assertStatus(client().send("HEAD", "/hello", BodyPublishers.noBody()), 200);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(reply.body()).as("body of %s", reply).isEmpty();
        soft.assertThat(reply.header("Content-Length")).as("Content-Length of HEAD /hello (GET: %s)", get)
                .isEqualTo(get.header("Content-Length"));
        soft.assertThat(reply.contentType()).as("Content-Type of HEAD /hello").isEqualTo(get.contentType());
        soft.assertAll();
        assertMetric(client(), ObservabilityChecks.CALLS, "HEAD", before.value(ObservabilityChecks.CALLS, "HEAD") + 1);
        assertMetric(client(), ObservabilityChecks.CALLS, "GET", before.value(ObservabilityChecks.CALLS, "GET"));
    }
}
