package dev.nubo.runtime.java.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.nubo.runtime.java.support.RuntimeDescriptor.Dirs;

/**
 * A runtime server started as a child process exactly as runtime.json's {@code start} says, with the clean
 * environment the local backend gives it, on a free port of 127.0.0.1.
 */
public final class RuntimeServer implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private RuntimeServer(Process process, int port, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A server for {@code MOD_NAME.FUNC_HANDLER} = {@code handler}; {@code env} adds or overrides variables. */
    public static RuntimeServer start(Dirs dirs, String handler, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        int dot = handler.lastIndexOf('.');
        all.put("MOD_NAME", handler.substring(0, dot));
        all.put("FUNC_HANDLER", handler.substring(dot + 1));
        all.putAll(env);
        return startUnspecialized(dirs, all);
    }

    /** A server without a function (warm pool) unless {@code env} names one. */
    public static RuntimeServer startUnspecialized(Dirs dirs, Map<String, String> env) {
        RuntimeDescriptor runtime = RuntimeDescriptor.load();
        int port = freePort();
        Map<String, String> all = runtime.startEnvironment(dirs);
        all.put("FUNC_PORT", Integer.toString(port));
        all.put("FUNC_HOST", "127.0.0.1");
        all.put("KUBELESS_INSTALL_VOLUME", dirs.code().toString());
        all.put("NUBO_DEPS_DIR", dirs.deps().toString());
        all.putAll(env);
        try {
            Path stdout = Files.createTempFile(dirs.build().getParent(), "stdout-", ".log");
            Path stderr = Files.createTempFile(dirs.build().getParent(), "stderr-", ".log");
            ProcessBuilder builder = new ProcessBuilder(runtime.command("start", dirs))
                    .directory(dirs.code().toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(all);
            RuntimeServer server = new RuntimeServer(builder.start(), port, stdout, stderr);
            server.awaitAnswering();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitAnswering() {
        try {
            await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server exited " + process.exitValue() + ": " + stderr());
                }
                try {
                    get("/healthz");
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        return sendFor(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public <T> HttpResponse<T> sendFor(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("server still running " + limit + " after SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
