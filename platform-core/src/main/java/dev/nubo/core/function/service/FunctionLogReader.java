package dev.nubo.core.function.service;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;

import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/**
 * Reading a function's log on behalf of a user (API, console): the function must exist (404 otherwise), the line
 * count must not be negative, and an installation without a log source answers 503.
 */
public class FunctionLogReader {

    private final FunctionService functions;
    private final ObjectProvider<FunctionLogs> logs;

    public FunctionLogReader(FunctionService functions, ObjectProvider<FunctionLogs> logs) {
        this.functions = functions;
        this.logs = logs;
    }

    /** The last {@code lines} lines, oldest first. */
    public List<String> tail(String namespace, String name, int lines) {
        checkLines(lines);
        FunctionLogs source = source();
        return source.tail(namespace, functions.get(namespace, name).name(), lines);
    }

    /** The last {@code lines} lines to {@code backlog}, then each new line to {@code listener}, until closed. */
    public FunctionLogs.Subscription follow(String namespace, String name, int lines, Consumer<List<String>> backlog,
            Consumer<String> listener) {
        checkLines(lines);
        FunctionLogs source = source();
        return source.follow(namespace, functions.get(namespace, name).name(), lines, backlog, listener);
    }

    /** Checks the request before a caller commits a response (a stream) to it. */
    public void check(String namespace, String name, int lines) {
        checkLines(lines);
        source();
        functions.get(namespace, name);
    }

    private static void checkLines(int lines) {
        if (lines < 0) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "tailLines must not be negative");
        }
    }

    private FunctionLogs source() {
        FunctionLogs source = logs.getIfAvailable();
        if (source == null) {
            throw new ProblemException(503, ProblemCodes.FUNCTION_NOT_READY, "Logs unavailable",
                    "this installation has no log source");
        }
        return source;
    }
}
