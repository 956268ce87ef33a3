package dev.nubo.triggers.http;

import java.util.Locale;

/** A request's path and query, and its host without the port: what routes are matched on. */
public record RequestTarget(String path, String query) {

    /** Splits {@code /path?query} (or the absolute form {@code http://host/path?query} some clients send). */
    public static RequestTarget parse(String uri) {
        String target = uri;
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.indexOf('/') > scheme) {
            int pathStart = target.indexOf('/', scheme + 3);
            target = pathStart < 0 ? "/" : target.substring(pathStart);
        }
        int question = target.indexOf('?');
        if (question < 0) {
            return new RequestTarget(target, null);
        }
        return new RequestTarget(target.substring(0, question), target.substring(question + 1));
    }

    /** The Host header's name in lower case without the port; null when absent. */
    public static String hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return null;
        }
        int end = hostHeader.length();
        if (hostHeader.charAt(0) == '[') {
            int bracket = hostHeader.indexOf(']');
            end = bracket < 0 ? end : bracket + 1;
        } else {
            int colon = hostHeader.lastIndexOf(':');
            end = colon < 0 ? end : colon;
        }
        String host = hostHeader.substring(0, end);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // "example.com." is example.com
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the path holds a {@code .} or {@code ..} segment (dots plain or escaped as {@code %2e}). Such a path
     * never matches a trigger: {@code /public/../private} must not reach a function through the {@code /public}
     * route's checks.
     */
    public boolean hasDotSegments() {
        String p = path;
        if (p.indexOf('.') < 0 && p.indexOf('%') < 0) {
            return false; // the common case, without looking at segments
        }
        int start = 0;
        while (start < p.length()) {
            int end = p.indexOf('/', start);
            if (end < 0) {
                end = p.length();
            }
            if (isDotSegment(p, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** {@code .} or {@code ..}, each dot plain or escaped as {@code %2e}/{@code %2E}. */
    private static boolean isDotSegment(String p, int start, int end) {
        int dots = 0;
        int i = start;
        while (i < end) {
            if (p.charAt(i) == '.') {
                i++;
            } else if (p.charAt(i) == '%' && i + 2 < end && p.charAt(i + 1) == '2'
                    && (p.charAt(i + 2) | 0x20) == 'e') {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }
}
