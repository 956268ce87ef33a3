package dev.nubo.runtimes.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Calls one runtime server over HTTP/1.1 and notes every answer that lacks a Content-Length (the contract
 * promises one on every response).
 */
final class FunctionClient {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private static final HttpClient HTTP = newHttpClient();
    /**
     * Reads /metrics on connections of its own, as a scraper does: a server that serves each connection on
     * its own thread cannot then order the read after the call just because both came on one connection.
     */
    private static final HttpClient SCRAPER = newHttpClient();

    private final URI base;
    private final List<String> withoutContentLength = new CopyOnWriteArrayList<>();

    FunctionClient(URI base) {
        this.base = base;
    }

    Reply get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    Reply post(String path, String contentType, String body, String... headers) {
        return send(request("POST", path, BodyPublishers.ofString(body), DEFAULT_TIMEOUT, headers)
                .header("Content-Type", contentType).build());
    }

    Reply send(String method, String path, BodyPublisher body, String... headers) {
        return send(request(method, path, body, DEFAULT_TIMEOUT, headers).build());
    }

    Reply send(HttpRequest request) {
        try {
            return toReply(request, HTTP.send(request, BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new AssertionError(describe(request) + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(describe(request) + ": interrupted", e);
        }
    }

    CompletableFuture<Reply> sendAsync(HttpRequest request) {
        return HTTP.sendAsync(request, BodyHandlers.ofByteArray()).thenApply(r -> toReply(request, r));
    }

    /** GET /healthz, or null while nothing answers (the server is still starting). */
    Reply healthzOrNull(Duration timeout) {
        HttpRequest request = request("GET", "/healthz", BodyPublishers.noBody(), timeout).build();
        try {
            return toReply(request, HTTP.send(request, BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** GET /metrics on a connection other than the calls' (see {@link #SCRAPER}), parsed. */
    Metrics metrics() {
        HttpRequest request = request("GET", "/metrics", BodyPublishers.noBody(), DEFAULT_TIMEOUT).build();
        Reply reply;
        try {
            reply = toReply(request, SCRAPER.send(request, BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new AssertionError("GET /metrics: no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("GET /metrics: interrupted", e);
        }
        if (reply.status() != 200) {
            throw new AssertionError("/metrics did not answer 200: " + reply);
        }
        return Metrics.parse(reply);
    }

    /** {@code headers} are name, value pairs. */
    HttpRequest.Builder request(String method, String path, BodyPublisher body, Duration timeout, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).method(method, body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** Answers seen so far without a Content-Length header (HEAD excluded), as "METHOD path → status". */
    List<String> answersWithoutContentLength() {
        return List.copyOf(withoutContentLength);
    }

    private Reply toReply(HttpRequest request, HttpResponse<byte[]> response) {
        String path = request.uri().getRawPath();
        if (!request.method().equals("HEAD") && response.headers().firstValue("Content-Length").isEmpty()) {
            withoutContentLength.add(request.method() + " " + path + " → " + response.statusCode());
        }
        return new Reply(request.method(), path, response.statusCode(), response.headers(), response.body());
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getRawPath();
    }
}
