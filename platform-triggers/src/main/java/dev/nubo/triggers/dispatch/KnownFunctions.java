package dev.nubo.triggers.dispatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.nubo.core.function.Function;
import dev.nubo.core.trigger.TriggerSpec;

/**
 * The functions that exist, by namespace, with their labels: what a trigger's name or selector is resolved against
 * without reading every function's spec (and code) from the store at each tick (or each HTTP route change).
 */
public final class KnownFunctions {

    private final Map<String, Map<String, Map<String, String>>> labelsByNamespace = new HashMap<>();

    /** Replaces everything; returns whether anything changed. */
    public synchronized boolean replaceAll(List<Function> functions) {
        Map<String, Map<String, Map<String, String>>> fresh = new HashMap<>();
        for (Function f : functions) {
            fresh.computeIfAbsent(f.namespace(), ns -> new HashMap<>()).put(f.name(), f.metadata().labels());
        }
        boolean changed = !fresh.equals(labelsByNamespace);
        labelsByNamespace.clear();
        labelsByNamespace.putAll(fresh);
        return changed;
    }

    /** Adds or relabels a function; returns whether that changed anything. */
    public synchronized boolean put(Function function) {
        Map<String, String> previous = labelsByNamespace.computeIfAbsent(function.namespace(), ns -> new HashMap<>())
                .put(function.name(), function.metadata().labels());
        return !Objects.equals(previous, function.metadata().labels());
    }

    public synchronized boolean remove(String namespace, String name) {
        Map<String, Map<String, String>> functions = labelsByNamespace.get(namespace);
        return functions != null && functions.containsKey(name) && functions.remove(name) != null;
    }

    /** The existing functions of {@code namespace} the trigger targets, sorted by name. */
    public synchronized List<String> targets(String namespace, TriggerSpec spec) {
        Map<String, Map<String, String>> functions = labelsByNamespace.getOrDefault(namespace, Map.of());
        if (spec.function() != null) {
            return functions.containsKey(spec.function()) ? List.of(spec.function()) : List.of();
        }
        if (spec.functionSelector() == null) {
            return List.of();
        }
        return functions.entrySet().stream().filter(e -> spec.functionSelector().matches(e.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
