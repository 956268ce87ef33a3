package dev.nubo.core.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The runtimes this installation offers, and the mapping of Kubeless runtime ids onto them. */
public interface RuntimeCatalog {

    List<RuntimeInfo> runtimes();

    /** Prefixes that name a language (e.g. {@code python}, {@code nodejs}), with all ids Kubeless used for it. */
    List<LanguageIds> languages();

    record LanguageIds(String language, String idPrefix, List<String> kubelessIds) {
    }

    default Optional<RuntimeInfo> find(String id) {
        return runtimes().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * The offered runtime nearest to a Kubeless runtime id of the same language: the lowest offered version
     * at or above the requested one, else the highest offered.
     */
    default Optional<RuntimeInfo> nearest(String requestedId) {
        Optional<RuntimeInfo> exact = find(requestedId);
        if (exact.isPresent()) {
            return exact;
        }
        Optional<LanguageIds> language = languages().stream()
                .filter(l -> l.kubelessIds().contains(requestedId) || matchesPrefix(requestedId, l.idPrefix()))
                .max(Comparator.comparingInt(l -> l.idPrefix().length()));
        if (language.isEmpty()) {
            return Optional.empty();
        }
        String prefix = language.get().idPrefix();
        List<RuntimeInfo> candidates = runtimes().stream()
                .filter(r -> r.language().equals(language.get().language()))
                .sorted(Comparator.comparing(RuntimeInfo::version, Versions::compare))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String requestedVersion = requestedId.startsWith(prefix) ? requestedId.substring(prefix.length()) : "";
        return candidates.stream()
                .filter(r -> Versions.compare(r.version(), requestedVersion) >= 0)
                .findFirst()
                .or(() -> Optional.of(candidates.getLast()));
    }

    private static boolean matchesPrefix(String id, String prefix) {
        return id.startsWith(prefix) && id.length() > prefix.length() && Character.isDigit(id.charAt(prefix.length()));
    }
}
