package dev.nubo.core.problem;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The RFC 9457 body every Nubo error has, wherever it is written (Spring MVC, the security filters, the Netty
 * gateway): {@code type} is a stable URI made of the {@code code}, which is also a field of its own.
 */
public final class ProblemBody {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://nubo.dev/problems/";

    private ProblemBody() {
    }

    /** {@code FUNCTION_NOT_FOUND} → {@code https://nubo.dev/problems/function-not-found}. */
    public static String typeUri(String code) {
        return TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The fields in their usual order; {@code instance} is left out when null. */
    public static Map<String, Object> of(int status, String code, String title, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", typeUri(code));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        if (instance != null) {
            body.put("instance", instance);
        }
        return body;
    }
}
