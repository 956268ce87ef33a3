package dev.nubo.triggers.gateway;

/**
 * A gateway request target {@code /{namespace}/{function}[/rest][?query]} split into the function and what goes
 * upstream: the rest of the path (or {@code /}) with the query string.
 */
record FunctionPath(String namespace, String function, String upstreamUri) {

    /** The parsed target, or null when it does not name a namespace and a function. */
    static FunctionPath parse(String uri) {
        String path = stripSchemeAndAuthority(uri);
        if (path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        int namespaceEnd = path.indexOf('/', 1);
        if (namespaceEnd <= 1) {
            return null;
        }
        int functionEnd = endOfSegment(path, namespaceEnd + 1);
        if (functionEnd == namespaceEnd + 1) {
            return null;
        }
        return new FunctionPath(path.substring(1, namespaceEnd), path.substring(namespaceEnd + 1, functionEnd),
                remainder(path, functionEnd));
    }

    private static int endOfSegment(String path, int from) {
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '?') {
                return i;
            }
        }
        return path.length();
    }

    private static String remainder(String path, int functionEnd) {
        if (functionEnd == path.length()) {
            return "/";
        }
        return path.charAt(functionEnd) == '?' ? "/" + path.substring(functionEnd) : path.substring(functionEnd);
    }

    /** How problem details name the function: {@code /{namespace}/{function}}. */
    String instance() {
        return "/" + namespace + "/" + function;
    }

    /** A request in absolute form ({@code http://host/ns/fn}), as some clients send to a proxy. */
    private static String stripSchemeAndAuthority(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0 || uri.indexOf('/') < scheme) {
            return uri;
        }
        int pathStart = uri.indexOf('/', scheme + 3);
        return pathStart < 0 ? "/" : uri.substring(pathStart);
    }
}
