package dev.nubo.controller.replica;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Asks a replica's /healthz. Healthy means 200 <em>and</em> the instance id we started it with: another process
 * that grabbed the port (a squatter, or a leftover of a killed run) is never taken for our replica.
 */
public class HealthProbe {

    public static final String INSTANCE_HEADER = "Nubo-Instance";

    public enum Outcome { HEALTHY, UNHEALTHY, NOT_ANSWERING, IMPOSTOR }

    public record Result(Outcome outcome, String detail) {
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final Duration timeout;

    public HealthProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public Result probe(Replica replica) throws InterruptedException {
        URI uri = URI.create("http://" + replica.endpoint() + "/healthz");
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String instance = response.headers().firstValue(INSTANCE_HEADER).orElse("");
            if (!instance.equals(replica.instanceId())) {
                return new Result(Outcome.IMPOSTOR, "port " + replica.endpoint().port() + " answers for another process");
            }
            if (response.statusCode() != 200) {
                return new Result(Outcome.UNHEALTHY, "/healthz answered " + response.statusCode() + ": "
                        + abbreviate(response.body()));
            }
            return new Result(Outcome.HEALTHY, "");
        } catch (java.net.http.HttpTimeoutException e) {
            return new Result(Outcome.NOT_ANSWERING, "no answer to /healthz within " + timeout.toMillis() + " ms");
        } catch (java.net.ConnectException e) {
            return new Result(Outcome.NOT_ANSWERING, "/healthz refused the connection");
        } catch (IOException e) {
            return new Result(Outcome.NOT_ANSWERING, "/healthz failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /**
     * {@link #probe} for a replica still starting: while nothing accepts on its port, a plain connect says so. Far
     * cheaper than an HTTP exchange that fails (the HTTP client wraps each refusal in four exceptions and its async
     * machinery); polled every few ms per starting replica, those refusals were the platform's most thrown exceptions
     * while 1,000 functions started (bench/scale).
     */
    public Result probeStarting(Replica replica) throws InterruptedException {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(new InetSocketAddress(replica.endpoint().host(), replica.endpoint().port()));
        } catch (IOException e) {
            return new Result(Outcome.NOT_ANSWERING, e.getClass().getSimpleName());
        }
        return probe(replica);
    }

    private static String abbreviate(String body) {
        String line = body.strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
