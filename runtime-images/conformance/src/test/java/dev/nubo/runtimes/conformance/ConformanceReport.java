package dev.nubo.runtimes.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The outcome of every check per runtime, as a Markdown matrix with notes and failure reasons. */
final class ConformanceReport {

    enum Outcome { PASS, FAIL, SKIP }

    private final Set<String> runtimes = new LinkedHashSet<>();
    private final Map<String, Map<String, Outcome>> outcomes = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<List<String>, Integer> skipsByReason = new LinkedHashMap<>();

    synchronized void record(String runtime, String check, Outcome outcome, String reason) {
        runtimes.add(runtime);
        outcomes.computeIfAbsent(check, c -> new LinkedHashMap<>()).put(runtime, outcome);
        if (outcome == Outcome.FAIL) {
            failures.add(runtime + ": " + check + " — " + oneLine(reason));
        } else if (outcome == Outcome.SKIP) {
            skipsByReason.merge(List.of(runtime, oneLine(reason)), 1, Integer::sum);
        }
    }

    /** Something worth knowing that is not pass/fail (which of two allowed behaviours a runtime chose, timings). */
    synchronized void note(String runtime, String text) {
        runtimes.add(runtime);
        notes.computeIfAbsent(runtime, r -> new ArrayList<>()).add(text);
    }

    synchronized boolean isEmpty() {
        return runtimes.isEmpty();
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder("# Runtime conformance\n\n| check |");
        runtimes.forEach(r -> out.append(' ').append(r).append(" |"));
        out.append("\n|---|").append("---|".repeat(runtimes.size())).append('\n');
        outcomes.forEach((check, byRuntime) -> {
            out.append("| ").append(check).append(" |");
            runtimes.forEach(r -> out.append(' ').append(symbol(byRuntime.get(r))).append(" |"));
            out.append('\n');
        });
        if (!failures.isEmpty()) {
            out.append("\n## Failed\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        if (!skipsByReason.isEmpty()) {
            out.append("\n## Skipped\n\n");
            skipsByReason.forEach((runtimeAndReason, count) -> out.append("- ").append(runtimeAndReason.get(0))
                    .append(": ").append(count).append(" checks skipped — ").append(runtimeAndReason.get(1))
                    .append('\n'));
        }
        out.append("\n## Notes\n");
        notes.forEach((runtime, lines) -> {
            out.append("\n### ").append(runtime).append("\n\n");
            lines.forEach(l -> out.append("- ").append(l).append('\n'));
        });
        return out.toString();
    }

    void writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String symbol(Outcome outcome) {
        if (outcome == null) {
            return "–";
        }
        return switch (outcome) {
            case PASS -> "pass";
            case FAIL -> "**FAIL**";
            case SKIP -> "skipped";
        };
    }

    /** A failure message on one line, short enough for a list item. */
    private static String oneLine(String text) {
        String line = String.valueOf(text).strip().replaceAll("\\s+", " ");
        return line.length() <= 400 ? line : line.substring(0, 400) + " …";
    }
}
