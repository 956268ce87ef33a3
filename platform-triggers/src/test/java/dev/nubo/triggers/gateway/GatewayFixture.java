package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.triggers.access.NamespaceCallMeter;
import dev.nubo.triggers.access.TenantCredentials;
import dev.nubo.triggers.http.HttpRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A running gateway on a free port, and a plain HTTP/1.1 client to call it with. */
public final class GatewayFixture implements AutoCloseable {

    private final FunctionGateway gateway;
    private final HttpClient client = newClient();
    /** Closed with the fixture when the builder made it. */
    private final TenantCredentials ownCredentials;

    private GatewayFixture(FunctionGateway gateway, TenantCredentials ownCredentials) {
        this.gateway = gateway;
        this.ownCredentials = ownCredentials;
    }

    /** A gateway over {@code functions}: no HttpTriggers, no platform credentials, no metrics unless given. */
    public static Builder gateway(FunctionEndpoints functions) {
        return new Builder(functions);
    }

    public static GatewayFixture start(FunctionEndpoints functions) {
        return gateway(functions).start();
    }

    public static GatewayFixture start(FunctionEndpoints functions, Map<String, String> settings) {
        return gateway(functions).settings(settings).start();
    }

    /** What the gateway is made of; what is not given is the empty kind (no routes, no credential store …). */
    public static final class Builder {
        private final FunctionEndpoints functions;
        private Map<String, String> settings = Map.of();
        private HttpRoutes routes = HttpRoutes.none();
        private TenantCredentials credentials;
        private NamespaceCallMeter callMeter = new NamespaceCallMeter();
        private CallRecorder calls = CallRecorder.NONE;

        private Builder(FunctionEndpoints functions) {
            this.functions = functions;
        }

        /** {@code nubo.gateway.*} settings, without the prefix. */
        public Builder settings(Map<String, String> settings) {
            this.settings = settings;
            return this;
        }

        public Builder routes(HttpRoutes routes) {
            this.routes = routes;
            return this;
        }

        public Builder credentials(TenantCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder callMeter(NamespaceCallMeter callMeter) {
            this.callMeter = callMeter;
            return this;
        }

        public Builder calls(CallRecorder calls) {
            this.calls = calls;
            return this;
        }

        /** The gateway, not started. */
        public FunctionGateway build() {
            return build(credentials != null ? credentials : noCredentialStore(properties(settings)));
        }

        private FunctionGateway build(TenantCredentials using) {
            return new FunctionGateway(properties(settings), functions, routes, using, callMeter, calls);
        }

        /** The gateway, started, in a fixture that stops it. */
        public GatewayFixture start() {
            TenantCredentials own = credentials == null ? noCredentialStore(properties(settings)) : null;
            FunctionGateway gateway = build(credentials != null ? credentials : own);
            gateway.start();
            return new GatewayFixture(gateway, own);
        }

        /** Every platform credential refused: the gateway of a platform without a user store. */
        private static TenantCredentials noCredentialStore(GatewayProperties properties) {
            return new TenantCredentials(null, Clock.systemUTC(), properties.credentialCacheTtl(), 1);
        }
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
        if (ownCredentials != null) {
            ownCredentials.close();
        }
    }
}
