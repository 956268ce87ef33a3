package dev.nubo.triggers.http;

import java.util.List;
import java.util.Set;

import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.HttpTriggerSpec.Cors;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;

/**
 * One installed HttpTrigger as the gateway matches it.
 *
 * @param prefix  the path prefix without a trailing '/' (except the root prefix {@code /}): {@code /shop} matches
 *                {@code /shop}, {@code /shop/} and {@code /shop/cart}, never {@code /shopping}
 * @param host    the exact host (lower case), or null for every host
 * @param methods allowed methods in upper case; empty = any
 */
public record HttpRoute(String namespace, String trigger, String uid, long generation, String host, String prefix,
        boolean stripPrefix, Set<String> methods, String function, HttpAuth auth, Cors cors, RateLimit rateLimit) {

    public HttpRoute {
        methods = Set.copyOf(methods);
    }

    static HttpRoute of(HttpTrigger trigger) {
        HttpTriggerSpec spec = trigger.spec().withDefaults();
        return new HttpRoute(trigger.namespace(), trigger.name(), trigger.metadata().uid(), trigger.generation(),
                spec.host(), normalizePrefix(spec.path()), Boolean.TRUE.equals(spec.stripPrefix()),
                Set.copyOf(spec.methods()), spec.function(), spec.auth(), spec.cors(), spec.rateLimit());
    }

    /** The same route calling {@code target} (null: the trigger names no single existing function). */
    HttpRoute withFunction(String target) {
        return new HttpRoute(namespace, trigger, uid, generation, host, prefix, stripPrefix, methods, target, auth,
                cors, rateLimit);
    }

    static String normalizePrefix(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String prefix = path;
        while (prefix.length() > 1 && prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix;
    }

    /** Whether the request path falls under this route's prefix, on a segment boundary. */
    boolean matchesPath(String path) {
        if (prefix.length() == 1) {
            return true;
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** GET allows HEAD, as HTTP says a HEAD is a GET without the body. */
    boolean allows(String method) {
        return methods.isEmpty() || methods.contains(method) || ("HEAD".equals(method) && methods.contains("GET"));
    }

    /** The Allow header of a 405: the allowed methods, sorted, HEAD added where GET is. */
    String allowHeader() {
        java.util.TreeSet<String> allowed = new java.util.TreeSet<>(methods);
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return String.join(", ", allowed);
    }

    /** The request target the function receives: the path below the prefix (stripPrefix) or the whole path. */
    public String upstreamUri(String path, String query) {
        String upstreamPath = path;
        if (stripPrefix && prefix.length() > 1) {
            upstreamPath = path.substring(prefix.length());
            if (upstreamPath.isEmpty()) {
                upstreamPath = "/";
            }
        }
        return query == null ? upstreamPath : upstreamPath + "?" + query;
    }

    /** How status and problem details name the route: {@code host/path} or {@code /path}. */
    String describe() {
        return (host == null ? "" : host) + prefix;
    }

    /** How problem details name the trigger. */
    String instance() {
        return "/" + namespace + "/httptriggers/" + trigger;
    }

    List<String> methodList() {
        return methods.stream().sorted().toList();
    }
}
