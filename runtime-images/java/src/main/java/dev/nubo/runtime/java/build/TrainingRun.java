package dev.nubo.runtime.java.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nubo.function.Context;
import dev.nubo.function.Event;
import dev.nubo.runtime.java.Main;
import dev.nubo.runtime.java.config.Settings;
import dev.nubo.runtime.java.http.FunctionServer;
import dev.nubo.runtime.java.json.Json;

/**
 * The server's work of a start and its first calls, run once at build time to record the class-data-sharing
 * archive ({@link ClassDataArchive}), so the archive holds every class a real start needs: it binds, is
 * specialized (to a built-in probe function, the real handler is not known at build time) and serves a few
 * calls through the whole HTTP path. The function's own classes are not loaded: their static initializers may
 * have side effects.
 *
 * <p>Launched as {@code java -jar nubo-runtime-java.jar train <codeDir> <buildDir> <depsDir>}, like a start.
 */
public final class TrainingRun {

    /** The argument of {@link Main} that makes it a training run. */
    public static final String COMMAND = "train";

    private TrainingRun() {
    }

    /** @param args {@code <codeDir> <buildDir> <depsDir>} */
    public static void run(String[] args) throws IOException {
        FunctionServer server = Main.start(Settings.fromEnvironment(environment()));
        SelfClient client = new SelfClient(server.port());
        client.send("GET", "/healthz", null, "");
        client.send("POST", "/_nubo/specialize", "application/json", specializeBody(args));
        client.send("GET", "/hello?name=x", null, "");
        client.send("POST", "/echo", "application/json", "{\"a\":[1,2.5,true,null,\"x\"],\"b\":{}}");
        client.send("POST", "/echo", "text/plain", "hello");
        client.send("HEAD", "/", null, "");
        client.send("GET", "/metrics", null, "");
        server.stop(Duration.ZERO);
        System.exit(0);
    }

    /** This process's environment, as a real start reads it, but unspecialized and on a free loopback port. */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeAll(List.of("MOD_NAME", "FUNC_HANDLER", "NUBO_SPECIALIZE_TOKEN"));
        env.put("FUNC_HOST", "127.0.0.1");
        env.put("FUNC_PORT", "0");
        env.put("FUNC_TIMEOUT", "10");
        return env;
    }

    private static String specializeBody(String[] args) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("codeDir", args[0]);
        body.put("buildDir", args[1]);
        body.put("depsDir", args[2]);
        body.put("handler", Probe.class.getName() + ".handle");
        body.put("timeout", 10);
        body.put("env", Map.of("NUBO_TRAINING_RUN", "true"));
        return Json.write(body);
    }

    /** The function the training run calls: it echoes what it gets, as text or as JSON. */
    public static final class Probe {
        public Object handle(Event event, Context context) {
            return event.data() instanceof String text ? text : List.of(Map.of("echo", event.data()));
        }
    }

    /** A bare HTTP/1.1 client: java.net.http would put its own classes into the archive. */
    private record SelfClient(int port) {
        void send(String method, String path, String contentType, String body) throws IOException {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n")
                    .append("Content-Length: ").append(content.length).append("\r\n");
            if (contentType != null) {
                request.append("Content-Type: ").append(contentType).append("\r\n");
            }
            request.append("\r\n");
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
                out.write(content);
                out.flush();
                InputStream in = socket.getInputStream();
                in.readAllBytes();
            }
        }
    }
}
