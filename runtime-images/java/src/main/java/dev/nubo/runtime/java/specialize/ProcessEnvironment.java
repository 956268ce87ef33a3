package dev.nubo.runtime.java.specialize;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Sets variables in this process's environment, as seen by {@link System#getenv} and inherited by child
 * processes. Java has no API for that, so this writes into the JDK's own map. The jar's manifest opens it
 * ({@code Add-Opens: java.base/java.lang java.base/java.util}, honoured for {@code java -jar}); the
 * {@code --add-opens} flag would do too, but costs the JVM its archived module graph, ~15 ms of every start.
 */
final class ProcessEnvironment {

    private ProcessEnvironment() {
    }

    static void putAll(Map<String, String> variables) {
        if (!variables.isEmpty()) {
            environment().putAll(variables);
        }
    }

    static void remove(String name) {
        if (System.getenv(name) != null) {
            environment().remove(name);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment() {
        try {
            Field environment = Class.forName("java.lang.ProcessEnvironment")
                    .getDeclaredField("theUnmodifiableEnvironment");
            environment.setAccessible(true);
            Object unmodifiable = environment.get(null);
            Field inner = unmodifiable.getClass().getDeclaredField("m");
            inner.setAccessible(true);
            return (Map<String, String>) inner.get(unmodifiable);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot set environment variables (is java.base/java.lang and"
                    + " java.base/java.util opened to ALL-UNNAMED?): " + e, e);
        }
    }
}
