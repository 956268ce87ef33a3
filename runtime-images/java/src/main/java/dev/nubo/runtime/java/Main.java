package dev.nubo.runtime.java;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import dev.nubo.runtime.java.build.TrainingRun;
import dev.nubo.runtime.java.config.Settings;
import dev.nubo.runtime.java.function.FunctionCode;
import dev.nubo.runtime.java.function.FunctionContext;
import dev.nubo.runtime.java.function.FunctionLoadException;
import dev.nubo.runtime.java.function.FunctionLoader;
import dev.nubo.runtime.java.function.FunctionSlot;
import dev.nubo.runtime.java.function.HandlerName;
import dev.nubo.runtime.java.http.FunctionServer;
import dev.nubo.runtime.java.output.OutputRedirect;
import sun.misc.Signal;

/**
 * Starts the runtime server. With {@code MOD_NAME} and {@code FUNC_HANDLER} set it loads that function first;
 * without them it waits, unspecialized, for {@code POST /_nubo/specialize}. With the argument {@code train} it
 * does the build's {@link TrainingRun} instead, launched the same way ({@code java -jar}) as a real start.
 */
public final class Main {

    /** How long calls in flight may take to finish after SIGTERM. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals(TrainingRun.COMMAND)) {
            TrainingRun.run(Arrays.copyOfRange(args, 1, args.length));
        } else {
            start(Settings.fromEnvironment(System.getenv()));
        }
    }

    /** Binds, loads the function the settings name (if any), serves, and stops on SIGTERM or SIGINT. */
    public static FunctionServer start(Settings settings) throws IOException {
        FunctionSlot slot = new FunctionSlot();
        FunctionServer server = FunctionServer.bind(settings, slot);
        if (settings.specializedAtStart()) {
            loadAtStart(settings, slot);
        }
        server.start();
        stopOnSignal(server, "TERM");
        stopOnSignal(server, "INT");
        // seeding the SecureRandom behind generated event ids costs milliseconds: not on the first call's time
        Thread.ofVirtual().name("warm-up").start(() -> {
            UUID.randomUUID();
            if (!settings.specializedAtStart()) { // a pool server: the specialization's own first-time costs now
                OutputRedirect.warmUp();
            }
        });
        return server;
    }

    private static void loadAtStart(Settings settings, FunctionSlot slot) {
        String handler = settings.moduleName().orElseThrow() + "." + settings.handlerName().orElseThrow();
        FunctionCode code = new FunctionCode(settings.codeDir(), settings.buildDir(), settings.depsDir());
        FunctionContext context = new FunctionContext(settings.functionName(), settings.timeout(),
                settings.timeoutText(), settings.runtime(), settings.memoryLimit());
        try {
            slot.fill(FunctionLoader.load(code, HandlerName.parse(handler), context));
        } catch (FunctionLoadException | IllegalArgumentException e) {
            System.err.println("cannot load function " + handler + ": " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            slot.fail(e.getMessage());
        }
    }

    // a signal handler rather than a shutdown hook: the JVM would exit 143 after SIGTERM, the contract wants 0
    private static void stopOnSignal(FunctionServer server, String signal) {
        Signal.handle(new Signal(signal), s -> {
            server.stop(SHUTDOWN_GRACE);
            System.exit(0);
        });
    }
}
