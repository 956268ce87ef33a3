package dev.nubo.runtimes.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A /metrics answer in Prometheus text format 0.0.4, parsed into HELP, TYPE and samples. */
record Metrics(String contentType, Map<String, String> help, Map<String, String> types, List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
        String method() {
            return labels.get("method");
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");
    private static final Pattern COMMENT = Pattern.compile("^#\\s+(HELP|TYPE)\\s+(\\S+)\\s?(.*)$");

    static Metrics parse(Reply reply) {
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : reply.text().split("\n")) {
            parseLine(line.strip(), help, types, samples);
        }
        return new Metrics(reply.header("Content-Type").orElse(""), help, types, samples);
    }

    /** Samples of a metric name ({@code function_calls_total}, {@code function_duration_seconds_bucket}). */
    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of {@code name{method=...}} summed over other labels; 0 when absent. */
    double value(String name, String method) {
        return named(name).stream().filter(s -> method.equals(s.method())).mapToDouble(Sample::value).sum();
    }

    /** The sum of {@code name} over every method. */
    double total(String name) {
        return named(name).stream().mapToDouble(Sample::value).sum();
    }

    private static void parseLine(String line, Map<String, String> help, Map<String, String> types,
            List<Sample> samples) {
        if (line.isEmpty()) {
            return;
        }
        if (line.startsWith("#")) {
            Matcher comment = COMMENT.matcher(line);
            if (comment.matches()) {
                (comment.group(1).equals("HELP") ? help : types).put(comment.group(2), comment.group(3).strip());
            }
            return;
        }
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
            throw new AssertionError("not a Prometheus sample line: " + line);
        }
        samples.add(new Sample(sample.group(1), labels(sample.group(2), line), number(sample.group(3))));
    }

    private static Map<String, String> labels(String text, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        Matcher matcher = LABEL.matcher(text);
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            labels.put(matcher.group(1), matcher.group(2));
            end = matcher.end();
        }
        if (end != text.length()) {
            throw new AssertionError("malformed labels in: " + line);
        }
        return labels;
    }

    static double number(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
