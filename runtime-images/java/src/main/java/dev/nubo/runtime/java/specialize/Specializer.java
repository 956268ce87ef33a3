package dev.nubo.runtime.java.specialize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import dev.nubo.runtime.java.config.Settings;
import dev.nubo.runtime.java.function.FunctionCode;
import dev.nubo.runtime.java.function.FunctionContext;
import dev.nubo.runtime.java.function.FunctionLoadException;
import dev.nubo.runtime.java.function.FunctionLoader;
import dev.nubo.runtime.java.function.FunctionSlot;
import dev.nubo.runtime.java.function.LoadedFunction;
import dev.nubo.runtime.java.http.Reply;
import dev.nubo.runtime.java.json.Json;
import dev.nubo.runtime.java.output.OutputRedirect;

/** Warm start: gives a server waiting in the pool its function ({@code POST /_nubo/specialize}). */
public final class Specializer {

    private final Settings settings;
    private final FunctionSlot slot;

    public Specializer(Settings settings, FunctionSlot slot) {
        this.settings = settings;
        this.slot = slot;
    }

    /** @param token the request's {@code Nubo-Specialize-Token} header, if any */
    public synchronized Reply specialize(Optional<String> token, byte[] body) {
        if (settings.specializeToken().isPresent() && !matches(settings.specializeToken().get(), token)) {
            return error(403, "missing or wrong Nubo-Specialize-Token");
        }
        if (!slot.isEmpty()) {
            return error(409, "already specialized");
        }
        SpecializeRequest request;
        try {
            request = SpecializeRequest.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        OutputRedirect output = null;
        try {
            // first: what loading the code prints is the function's too
            output = request.logFile().isPresent() ? OutputRedirect.to(request.logFile().get()) : null;
            ProcessEnvironment.putAll(request.env());
            ProcessEnvironment.remove("NUBO_SPECIALIZE_TOKEN"); // the environment a cold start gives, no pool token
            slot.fill(load(request));
            if (output != null) {
                output.keep();
            }
            return Reply.json(200, Json.write(Map.of("specialized", true)));
        } catch (FunctionLoadException | IOException | RuntimeException e) {
            if (output != null) {
                output.undo();
            }
            return error(500, e.getMessage());
        }
    }

    private LoadedFunction load(SpecializeRequest request) throws FunctionLoadException {
        FunctionCode code = new FunctionCode(request.codeDir(), request.buildDir().orElse(request.codeDir()),
                request.depsDir());
        String timeoutText = request.timeoutText().orElse(settings.timeoutText());
        FunctionContext context = new FunctionContext(
                request.functionName().orElse(defaultName(request)),
                Settings.seconds(timeoutText),
                timeoutText,
                request.runtime().orElse(settings.runtime()),
                request.memoryLimit().orElse(settings.memoryLimit()));
        return FunctionLoader.load(code, request.handler(), context);
    }

    private String defaultName(SpecializeRequest request) {
        return settings.functionName().isEmpty() ? request.handler().className() : settings.functionName();
    }

    private static boolean matches(String expected, Optional<String> given) {
        return given.isPresent() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.get().getBytes(StandardCharsets.UTF_8));
    }

    private static Reply error(int status, String message) {
        return Reply.json(status, Json.write(Map.of("error", message == null ? "unknown error" : message)));
    }
}
