package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.triggers.http.HttpRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A running gateway on a free port, and a plain HTTP/1.1 client to call it with. */
public final class GatewayFixture implements AutoCloseable {

    private final FunctionGateway gateway;
    private final HttpClient client = newClient();

    private GatewayFixture(FunctionGateway gateway) {
        this.gateway = gateway;
    }

    public static GatewayFixture start(FunctionEndpoints functions, Map<String, String> settings) {
        FunctionGateway gateway = new FunctionGateway(properties(settings), functions);
        gateway.start();
        return new GatewayFixture(gateway);
    }

    /** A gateway with HttpTrigger routes. */
    public static GatewayFixture start(FunctionEndpoints functions, HttpRoutes routes) {
        FunctionGateway gateway = new FunctionGateway(properties(Map.of()), functions, routes);
        gateway.start();
        return new GatewayFixture(gateway);
    }

    /** A gateway the test made and started. */
    public static GatewayFixture wrap(FunctionGateway started) {
        return new GatewayFixture(started);
    }

    /** A gateway counting its calls in {@code calls}. */
    public static GatewayFixture start(FunctionEndpoints functions, CallRecorder calls) {
        FunctionGateway gateway = new FunctionGateway(properties(Map.of()), functions, HttpRoutes.none(), calls);
        gateway.start();
        return new GatewayFixture(gateway);
    }

    public static GatewayFixture start(FunctionEndpoints functions) {
        return start(functions, Map.of());
    }

    /** Settings as Spring binds them, so the record's defaults apply: {@code port=0}, plus the given overrides. */
    public static GatewayProperties properties(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("nubo.gateway.port", "0");
        settings.forEach((key, value) -> all.put("nubo.gateway." + key, value));
        return new Binder(new MapConfigurationPropertySource(all))
                .bindOrCreate("nubo.gateway", GatewayProperties.class);
    }

    public FunctionGateway gateway() {
        return gateway;
    }

    public int port() {
        return gateway.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(client, request);
    }

    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    /** A client of its own: its connections are not shared with other tests' calls. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void close() {
        gateway.stop();
    }
}
