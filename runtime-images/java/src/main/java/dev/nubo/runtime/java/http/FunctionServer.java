package dev.nubo.runtime.java.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.nubo.runtime.java.config.Settings;
import dev.nubo.runtime.java.function.Call;
import dev.nubo.runtime.java.function.FunctionSlot;
import dev.nubo.runtime.java.function.LoadedFunction;
import dev.nubo.runtime.java.invoke.Invoker;
import dev.nubo.runtime.java.invoke.Outcome;
import dev.nubo.runtime.java.metrics.Metrics;
import dev.nubo.runtime.java.specialize.Specializer;

/**
 * The runtime's HTTP server: {@code /healthz}, {@code /metrics}, {@code /_nubo/specialize}, and every other path
 * and method calls the function. Exchanges run on virtual threads; the function itself on the
 * {@link Invoker}'s threads.
 */
public final class FunctionServer {

    private static final int BACKLOG = 1024;

    private final Settings settings;
    private final FunctionSlot slot;
    private final HttpServer server;
    private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();
    private final Invoker invoker = new Invoker();
    private final Metrics metrics = new Metrics();
    private final Specializer specializer;

    private FunctionServer(Settings settings, FunctionSlot slot, HttpServer server) {
        this.settings = settings;
        this.slot = slot;
        this.server = server;
        this.specializer = new Specializer(settings, slot);
        server.createContext("/", this::handle);
        server.setExecutor(exchanges);
    }

    /** Binds the port; connections wait in the backlog until {@link #start()}. */
    public static FunctionServer bind(Settings settings, FunctionSlot slot) throws IOException {
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        return new FunctionServer(settings, slot, HttpServer.create(address, BACKLOG));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets exchanges in flight finish for at most {@code grace}. */
    public void stop(Duration grace) {
        server.stop((int) Math.max(1, grace.toSeconds()));
        exchanges.shutdown();
    }

    private void handle(HttpExchange exchange) {
        try {
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> {
                    settings.instanceId().ifPresent(id -> exchange.getResponseHeaders().set("Nubo-Instance", id));
                    Exchanges.send(exchange, health());
                }
                case "/metrics" -> Exchanges.send(exchange,
                        new Reply(200, Metrics.CONTENT_TYPE, metrics.render().getBytes(StandardCharsets.UTF_8)));
                case "/_nubo/specialize" -> Exchanges.send(exchange, specialize(exchange));
                default -> call(exchange);
            }
        } catch (IOException e) {
            // the client went away: nobody is left to answer
        } catch (RuntimeException e) {
            e.printStackTrace();
            answerIfUnanswered(exchange, Reply.text(500, "Error: " + Replies.message(e)));
        } finally {
            exchange.close();
        }
    }

    private static void answerIfUnanswered(HttpExchange exchange, Reply reply) {
        if (exchange.getResponseCode() == -1) {
            try {
                Exchanges.send(exchange, reply);
            } catch (IOException | RuntimeException e) {
                // nothing more can be done for this exchange
            }
        }
    }

    private Reply health() {
        Optional<String> failure = slot.loadFailure();
        if (failure.isPresent()) {
            return Reply.text(503, "unhealthy: loading the code failed: " + failure.get());
        }
        int runaways = invoker.runaways();
        if (runaways > 0) {
            return Reply.text(503, "unhealthy: " + runaways + " call(s) still running after their timeout");
        }
        return Reply.text(200, "ok");
    }

    private Reply specialize(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return Reply.text(405, "Error: use POST");
        }
        try {
            byte[] body = RequestBodies.read(exchange, settings.maxBodyBytes());
            String token = exchange.getRequestHeaders().getFirst("Nubo-Specialize-Token");
            return specializer.specialize(Optional.ofNullable(token), body);
        } catch (RequestBodies.TooLarge e) {
            return tooLarge();
        }
    }

    private void call(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        Optional<LoadedFunction> function = slot.function();
        Reply reply = function.isPresent() ? callFunction(exchange, function.get(), started) : unavailable();
        try {
            Exchanges.send(exchange, reply);
        } finally {
            RequestLog.write(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), reply.status(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Only calls that reach the handler are counted: not a 400 for invalid JSON, nor a 413. */
    private Reply callFunction(HttpExchange exchange, LoadedFunction function, long started) throws IOException {
        Call call;
        try {
            call = Calls.from(exchange, RequestBodies.read(exchange, settings.maxBodyBytes()));
        } catch (RequestBodies.TooLarge e) {
            return tooLarge();
        } catch (Calls.InvalidJson e) {
            return Reply.text(400, "Error: invalid JSON body");
        }
        Reply reply = replyTo(invoker.invoke(function, call));
        // recorded before the reply is written, so a client reading /metrics after its answer sees this call
        metrics.record(call.method(), Duration.ofNanos(System.nanoTime() - started),
                reply.status() == 500 || reply.status() == 408);
        return reply;
    }

    private static Reply replyTo(Outcome outcome) {
        try {
            return Replies.of(outcome);
        } catch (RuntimeException | StackOverflowError e) {
            // the returned value could not be turned into a body (e.g. a map that contains itself)
            return Replies.error(e);
        }
    }

    private Reply unavailable() {
        return slot.loadFailure()
                .map(failure -> Reply.text(500, "Error: " + failure))
                .orElseGet(() -> Reply.text(503, "Error: not specialized"));
    }

    private Reply tooLarge() {
        return Reply.text(413, "Error: request body larger than " + settings.maxBodyBytes() + " bytes");
    }
}
