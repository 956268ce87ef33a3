package dev.nubo.standalone;

import java.util.LinkedHashMap;
import java.util.Map;

/** Function documents for the e2e tests, as a user would send them. */
final class Functions {

    private Functions() {
    }

    static String inline(String name, String runtime, String handler, String code) {
        return document(name, runtime, handler, Map.of("inline", code), null, Map.of(), null);
    }

    static String document(String name, String runtime, String handler, Map<String, String> source, String deps,
            Map<String, String> env, Integer timeoutSeconds) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("runtime", runtime);
        spec.put("handler", handler);
        spec.put("source", source);
        if (deps != null) {
            spec.put("deps", deps);
        }
        spec.put("env", env);
        if (timeoutSeconds != null) {
            spec.put("timeoutSeconds", timeoutSeconds);
        }
        return Http.json(Map.of("apiVersion", "nubo.dev/v1", "kind", "Function", "metadata", Map.of("name", name),
                "spec", spec));
    }

    static String python(String name, String code) {
        return inline(name, "python3.11", "main.handler", code);
    }

    /** Answers what it sees: method, path, data and the headers, as JSON. */
    static final String PY_ECHO = """
            import json, os
            def handler(event, context):
                request = event["extensions"]["request"]
                return {"method": request.method, "path": request.path, "query": request.query_string,
                        "data": event["data"], "eventId": event["event-id"], "eventType": event["event-type"],
                        "eventNamespace": event["event-namespace"], "function": context["function-name"],
                        "headers": {k.lower(): v for k, v in request.headers.items()}}
            """;
}
