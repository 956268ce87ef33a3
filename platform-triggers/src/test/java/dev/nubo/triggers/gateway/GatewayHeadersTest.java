package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nubo.core.endpoint.FunctionRoute;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a function receives besides the caller's request: event headers, forwarding, and no credentials. */
class GatewayHeadersTest {

    static RecordingUpstream upstream;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("fn");
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints()
                .ready("team", "public", upstream.endpoint())
                .put(new FunctionRoute("team", "trusted", List.of(upstream.endpoint()), Duration.ofSeconds(30),
                        null, true));
        gateway = GatewayFixture.start(functions, Map.of("session-cookie-name", "CONSOLE_SID"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void setsKubelessAndCloudEventsHeaders() {
        Instant before = Instant.now().minusMillis(1);
        gateway.send(gateway.request("/team/public/e").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{}")).build());
        RecordingUpstream.Received received = upstream.last();

        String id = received.header("event-id");
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(received.header("ce-id")).isEqualTo(id);
        assertThat(received.header("event-type")).isEqualTo("application/json");
        assertThat(received.header("ce-type")).isEqualTo("application/json");
        assertThat(received.header("event-namespace")).isEqualTo("http.nubo.dev");
        assertThat(received.header("ce-source")).isEqualTo("http.nubo.dev");
        assertThat(received.header("ce-specversion")).isEqualTo("1.0");
        String time = received.header("event-time");
        assertThat(time).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(Instant.parse(time)).isBetween(before, Instant.now().plusMillis(1));
        assertThat(received.header("ce-time")).isEqualTo(time);
    }

    @Test
    void givesEachCallItsOwnEventId() {
        gateway.get("/team/public");
        String firstId = upstream.last().header("event-id");
        gateway.get("/team/public");

        assertThat(upstream.last().header("event-id")).isNotEqualTo(firstId);
    }

    @Test
    void keepsTheCallersEventId() {
        gateway.send(gateway.request("/team/public").header("event-id", "order-42-attempt-1").build());

        assertThat(upstream.last().header("event-id")).isEqualTo("order-42-attempt-1");
        assertThat(upstream.last().header("ce-id")).isEqualTo("order-42-attempt-1");
    }

    @Test
    void addsForwardingHeaders() {
        gateway.get("/team/public");
        RecordingUpstream.Received received = upstream.last();

        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.port());
    }

    @Test
    void appendsToAnExistingForwardedFor() {
        gateway.send(gateway.request("/team/public").header("X-Forwarded-For", "203.0.113.7").build());

        assertThat(upstream.last().header("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
    }

    @Test
    void neverForwardsAuthorizationNorTheSessionCookie() {
        gateway.send(gateway.request("/team/public")
                .header("Authorization", "Bearer console-token")
                .header("Cookie", "theme=dark; CONSOLE_SID=secret-session; lang=de")
                .build());
        RecordingUpstream.Received received = upstream.last();

        assertThat(received.headers().containsKey("Authorization")).isFalse();
        assertThat(received.header("Cookie")).isEqualTo("theme=dark; lang=de");
    }

    @Test
    void dropsTheCookieHeaderWhenOnlyTheSessionCookieWasSent() {
        gateway.send(gateway.request("/team/public").header("Cookie", "CONSOLE_SID=secret-session").build());

        assertThat(upstream.last().headers().containsKey("Cookie")).isFalse();
    }

    @Test
    void forwardsCredentialsWhenTheFunctionAsksForThem() {
        gateway.send(gateway.request("/team/trusted")
                .header("Authorization", "Bearer user-token")
                .header("Cookie", "theme=dark; CONSOLE_SID=secret-session")
                .build());
        RecordingUpstream.Received received = upstream.last();

        assertThat(received.header("Authorization")).isEqualTo("Bearer user-token");
        assertThat(received.header("Cookie")).isEqualTo("theme=dark; CONSOLE_SID=secret-session");
    }

    @Test
    void dropsHopByHopHeaders() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(gateway.port())) {
            String response = connection.exchange("""
                    GET /team/public HTTP/1.1\r
                    Host: gateway\r
                    Connection: keep-alive, X-Private-Hop\r
                    X-Private-Hop: 1\r
                    Keep-Alive: timeout=5\r
                    Proxy-Connection: keep-alive\r
                    Proxy-Authorization: Basic Zm9vOmJhcg==\r
                    TE: trailers\r
                    Upgrade: h2c\r
                    X-End-To-End: kept\r
                    \r
                    """);

            assertThat(response).startsWith("HTTP/1.1 200");
        }
        RecordingUpstream.Received received = upstream.last();
        assertThat(received.headers().keySet()).map(String::toLowerCase)
                .doesNotContain("x-private-hop", "keep-alive", "proxy-connection", "proxy-authorization", "te",
                        "upgrade", "transfer-encoding");
        assertThat(received.header("X-End-To-End")).isEqualTo("kept");
        assertThat(received.header("Host")).isEqualTo(upstream.endpoint().toString());
    }

    @Test
    void answers400ProblemForAMalformedRequestAndCloses() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(gateway.port())) {
            String response = connection.exchange("GET /team/public HTTP/1.1\r\nHost: g\r\nContent-Length: x\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("\"code\":\"MALFORMED_REQUEST\"");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void answers414ProblemForAnOverlongTarget() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(gateway.port())) {
            String response = connection.exchange("GET /team/public?q=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: g\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.1 414").contains("\"code\":\"URI_TOO_LONG\"");
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(gateway.port())) {
            connection.write("GET /team/public/status/201 HTTP/1.1\r\nHost: g\r\n\r\n"
                    + "GET /team/nope HTTP/1.1\r\nHost: g\r\n\r\n"
                    + "GET /team/public/status/202 HTTP/1.1\r\nHost: g\r\n\r\n");

            assertThat(connection.readResponse()).startsWith("HTTP/1.1 201");
            assertThat(connection.readResponse()).startsWith("HTTP/1.1 404");
            assertThat(connection.readResponse()).startsWith("HTTP/1.1 202");
        }
    }
}
