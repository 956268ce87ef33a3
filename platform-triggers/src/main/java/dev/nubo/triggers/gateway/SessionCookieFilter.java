package dev.nubo.triggers.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.StringJoiner;

/** Removes the console's session cookie from the Cookie headers, keeping every other cookie as the caller sent it. */
final class SessionCookieFilter {

    private final String cookieName;

    SessionCookieFilter(String cookieName) {
        this.cookieName = cookieName;
    }

    void strip(HttpHeaders headers) {
        List<String> values = headers.getAll(HttpHeaderNames.COOKIE);
        if (values.isEmpty() || values.stream().noneMatch(value -> value.contains(cookieName))) {
            return;
        }
        headers.remove(HttpHeaderNames.COOKIE);
        for (String value : values) {
            String kept = withoutSessionCookie(value);
            if (!kept.isEmpty()) {
                headers.add(HttpHeaderNames.COOKIE, kept);
            }
        }
    }

    private String withoutSessionCookie(String header) {
        StringJoiner kept = new StringJoiner("; ");
        for (String pair : header.split(";")) {
            String cookie = pair.strip();
            if (!cookie.isEmpty() && !isSessionCookie(cookie)) {
                kept.add(cookie);
            }
        }
        return kept.toString();
    }

    private boolean isSessionCookie(String cookie) {
        int equals = cookie.indexOf('=');
        String name = equals < 0 ? cookie : cookie.substring(0, equals).strip();
        return name.equals(cookieName);
    }
}
