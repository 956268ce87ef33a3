package dev.nubo.core.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code {name}} placeholders of runtime.json commands; an unknown placeholder is an error. */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private Placeholders() {
    }

    public static String expand(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder {" + matcher.group(1) + "} in " + template);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public static List<String> expand(List<String> templates, Map<String, String> values) {
        return templates.stream().map(t -> expand(t, values)).toList();
    }

    public static Map<String, String> expand(Map<String, String> templates, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        templates.forEach((k, v) -> out.put(k, expand(v, values)));
        return out;
    }
}
