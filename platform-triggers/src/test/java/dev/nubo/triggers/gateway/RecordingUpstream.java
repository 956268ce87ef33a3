package dev.nubo.triggers.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nubo.core.endpoint.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function replica stand-in: a real HTTP server (the JDK's) that records every request it gets.
 *
 * <ul>
 *   <li>{@code /status/{code}}: answers that status, body {@code status {code}}, header {@code X-Function: yes}</li>
 *   <li>{@code /echo}: answers the request body with the request's Content-Type</li>
 *   <li>{@code /block}: answers only once {@link #unblock()} is called</li>
 *   <li>anything else: 200 {@code text/plain}, body = this upstream's name</li>
 * </ul>
 */
public final class RecordingUpstream implements AutoCloseable {

    /** What arrived: method, request target, headers, body and the connection it came on (its client port). */
    public record Received(String method, String uri, Headers headers, byte[] body, int remotePort) {

        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger blocked = new AtomicInteger();
    /** The most calls ever waiting in {@code /block} at once. */
    private final AtomicInteger mostBlocked = new AtomicInteger();
    private final CountDownLatch unblocked = new CountDownLatch(1);

    private RecordingUpstream(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static RecordingUpstream start(String name) {
        try {
            return new RecordingUpstream(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", server.getAddress().getPort());
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        return received.getLast();
    }

    /** Calls waiting in {@code /block}. */
    public int blocked() {
        return blocked.get();
    }

    /** The most calls that were ever in {@code /block} at once. */
    public int mostBlocked() {
        return mostBlocked.get();
    }

    public void unblock() {
        unblocked.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getPort()));
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/status/")) {
                int status = Integer.parseInt(path.substring("/status/".length()));
                exchange.getResponseHeaders().add("X-Function", "yes");
                exchange.getResponseHeaders().add("Keep-Alive", "timeout=99");
                respond(exchange, status, "text/plain", ("status " + status).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/echo")) {
                respond(exchange, 200, exchange.getRequestHeaders().getFirst("Content-Type"), body);
            } else if (path.equals("/block")) {
                awaitUnblock();
                respond(exchange, 200, "text/plain", "unblocked".getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 200, "text/plain", name.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void awaitUnblock() {
        mostBlocked.accumulateAndGet(blocked.incrementAndGet(), Math::max);
        try {
            unblocked.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            blocked.decrementAndGet();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        unblock();
        server.stop(0);
        executor.shutdownNow();
    }
}
