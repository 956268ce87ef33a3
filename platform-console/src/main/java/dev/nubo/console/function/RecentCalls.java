package dev.nubo.console.function;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.springframework.web.util.WebUtils;

/**
 * The last {@value #KEPT} calls made from a function's invoke panel, newest first, kept in the user's session (so
 * they survive a reload and work without JavaScript: each is a small form that sends the call again). Bodies over
 * {@value #MAX_BODY_CHARS} characters and files are not kept; such a call is listed, to be sent again by hand.
 */
final class RecentCalls implements Serializable {

    static final int KEPT = 10;
    static final int MAX_BODY_CHARS = 16 * 1024;
    private static final String ATTRIBUTE = RecentCalls.class.getName();

    /** A call as listed: what was sent, and how it was answered. */
    record Call(Invocations.Request request, int status, boolean replayable) implements Serializable {
    }

    private final Map<String, List<Call>> byFunction = new HashMap<>();

    static List<Call> of(HttpSession session, String namespace, String name) {
        RecentCalls calls = (RecentCalls) session.getAttribute(ATTRIBUTE);
        return calls == null ? List.of() : calls.list(namespace + "/" + name);
    }

    static void add(HttpSession session, String namespace, String name, Invocations.Request request, int status) {
        synchronized (WebUtils.getSessionMutex(session)) {
            RecentCalls calls = (RecentCalls) session.getAttribute(ATTRIBUTE);
            if (calls == null) {
                calls = new RecentCalls();
            }
            calls.push(namespace + "/" + name, request, status);
            session.setAttribute(ATTRIBUTE, calls); // set again: a replicated session sees the change
        }
    }

    private synchronized List<Call> list(String key) {
        return List.copyOf(byFunction.getOrDefault(key, List.of()));
    }

    private synchronized void push(String key, Invocations.Request request, int status) {
        boolean fits = request.fileName() == null && (request.body() == null || request.body().length() <= MAX_BODY_CHARS);
        Invocations.Request kept = fits ? request : new Invocations.Request(request.method(), request.path(),
                request.contentType(), request.headers(), "", request.fileName());
        List<Call> calls = new ArrayList<>(byFunction.getOrDefault(key, List.of()));
        calls.removeIf(c -> c.request().equals(kept)); // the same call again moves to the top
        calls.addFirst(new Call(kept, status, fits));
        byFunction.put(key, List.copyOf(calls.subList(0, Math.min(KEPT, calls.size()))));
    }
}
