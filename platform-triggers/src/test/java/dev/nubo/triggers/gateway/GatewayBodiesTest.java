package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request bodies: buffered up to the limit and always sent with a length. */
class GatewayBodiesTest {

    static RecordingUpstream upstream;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("fn");
        gateway = GatewayFixture.start(new StaticFunctionEndpoints().ready("io", "sink", upstream.endpoint()),
                Map.of("max-body-bytes", "1KB"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void deliversAChunkedBodyDechunkedWithAContentLength() {
        byte[] body = "x".repeat(700).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = gateway.send(gateway.request("/io/sink/echo")
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(700);
        RecordingUpstream.Received received = upstream.last();
        assertThat(received.header("Content-Length")).isEqualTo("700");
        assertThat(received.headers().containsKey("Transfer-Encoding")).isFalse();
        assertThat(received.body()).isEqualTo(body);
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() {
        HttpResponse<String> response = gateway.send(gateway.request("/io/sink/echo")
                .POST(BodyPublishers.ofString("y".repeat(1024))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(1024);
    }

    @Test
    void answersExpectContinueItselfAndForwardsTheBody() {
        HttpResponse<String> response = gateway.send(gateway.request("/io/sink/echo").expectContinue(true)
                .POST(BodyPublishers.ofString("after continue")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("after continue");
        assertThat(upstream.last().headers().containsKey("Expect")).isFalse();
    }

    @Test
    void sendsNoContentLengthForAGetWithoutBody() {
        gateway.get("/io/sink/plain");

        assertThat(upstream.last().headers().containsKey("Content-Length")).isFalse();
    }

    @Test
    void answers413ProblemAboveTheLimit() {
        int callsBefore = upstream.received().size();
        HttpResponse<String> response = gateway.send(gateway.request("/io/sink/echo")
                .POST(BodyPublishers.ofString("z".repeat(1025))).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Problems.read(response)).containsEntry("code", "PAYLOAD_TOO_LARGE").containsEntry("status", 413);
        assertThat(upstream.received()).hasSize(callsBefore);
    }

    @Test
    void answers413ProblemForAChunkedBodyAboveTheLimit() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(gateway.port())) {
            String chunk = "a".repeat(600);
            String response = connection.exchange("POST /io/sink/echo HTTP/1.1\r\nHost: g\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("PAYLOAD_TOO_LARGE");
        }
    }
}
