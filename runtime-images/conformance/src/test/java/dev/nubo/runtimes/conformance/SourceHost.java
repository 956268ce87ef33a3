package dev.nubo.runtimes.conformance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves function sources over HTTP on a free loopback port, as the platform's API (or a user's URL) serves them to
 * a warm pool pod: each source under a path of its own; any other path answers 404.
 */
final class SourceHost implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> sources = new ConcurrentHashMap<>();

    private SourceHost(HttpServer server) {
        this.server = server;
    }

    static SourceHost start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SourceHost host = new SourceHost(server);
            server.createContext("/", host::serve);
            server.start();
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the source host", e);
        }
    }

    /** The URL {@code bytes} are served at from now on; {@code fileName} ends the path (as a user's URL would). */
    String serve(String fileName, byte[] bytes) {
        String path = "/sources/" + UUID.randomUUID() + "/" + fileName;
        sources.put(path, bytes.clone());
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + path;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = sources.get(exchange.getRequestURI().getPath());
            if (body == null || !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
