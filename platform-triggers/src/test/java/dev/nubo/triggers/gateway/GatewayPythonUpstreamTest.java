package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nubo.core.endpoint.Endpoint;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Python stdlib replica cannot read a chunked body: through the gateway it gets the whole body anyway. */
class GatewayPythonUpstreamTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static Process python;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3");
        Path script = Path.of(GatewayPythonUpstreamTest.class.getResource("/python-echo-upstream.py").toURI());
        python = new ProcessBuilder(PYTHON.toString(), "-u", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int port = Integer.parseInt(new BufferedReader(
                new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8)).readLine().trim());
        gateway = GatewayFixture.start(
                new StaticFunctionEndpoints().ready("py", "echo", new Endpoint("127.0.0.1", port)));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (python != null) {
            python.destroy();
        }
    }

    @Test
    void chunkedRequestBodyReachesAPythonReplicaWhole() {
        String body = "{\"items\": [" + "1, ".repeat(3000) + "2]}";
        HttpResponse<String> response = gateway.send(gateway.request("/py/echo")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> echoed = Problems.JSON.readValue(response.body(), Problems.MAP);
        assertThat(echoed)
                .containsEntry("contentLength", String.valueOf(body.length()))
                .containsEntry("transferEncoding", null)
                .containsEntry("body", body);
    }
}
