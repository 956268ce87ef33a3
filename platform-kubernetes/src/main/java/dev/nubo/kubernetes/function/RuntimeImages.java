package dev.nubo.kubernetes.function;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime images of an installation, by language id prefix ({@code python}, {@code nodejs} …). A runtime id
 * ({@code python3.11}) finds the image of the longest prefix it starts with. Compiled runtimes (Go, Java) compile
 * each function in its pod ({@link RuntimeImage#compiles()}).
 */
public record RuntimeImages(Map<String, RuntimeImage> byPrefix) {

    public RuntimeImages {
        byPrefix = Map.copyOf(byPrefix);
    }

    public Optional<RuntimeImage> forRuntime(String runtimeId) {
        return entryFor(runtimeId).map(Map.Entry::getValue);
    }

    /** The language (id prefix) whose image runs {@code runtimeId}: the name of its warm pool. */
    public Optional<String> languageOf(String runtimeId) {
        return entryFor(runtimeId).map(Map.Entry::getKey);
    }

    private Optional<Map.Entry<String, RuntimeImage>> entryFor(String runtimeId) {
        if (runtimeId == null) {
            return Optional.empty();
        }
        return byPrefix.entrySet().stream()
                .filter(e -> runtimeId.equals(e.getKey()) || runtimeId.startsWith(e.getKey())
                        && Character.isDigit(runtimeId.charAt(e.getKey().length())))
                .max(Comparator.comparingInt(e -> e.getKey().length()));
    }

    public List<String> prefixes() {
        return byPrefix.keySet().stream().sorted().toList();
    }
}
