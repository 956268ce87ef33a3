package dev.nubo.controller.pool;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The warm pool ({@code nubo.pool.*}): runtime servers started before any function needs them, unspecialized, so a
 * function waking from zero (or a new replica) costs loading its code instead of starting a process.
 *
 * @param enabled   keep a pool at all
 * @param size      unspecialized servers kept ready per pooled runtime
 * @param languages which languages get a pool: those whose runtime {@linkplain
 *                  dev.nubo.core.runtime.RuntimeDescriptor#pools pools} — the interpreted ones, and Java, whose server
 *                  loads a function's compiled classes when specialized (a JVM start is ~200 ms here, loading the
 *                  classes tens); Go's server is its function's own binary and starts fresh (~10 ms)
 * @param refillDelay how long after a server's specialization ends the pool starts its replacement: a runtime
 *                    starting beside the wake (a process, its sandbox, the interpreter's start) took CPU from the
 *                    specialization and from the woken function's first call
 */
@ConfigurationProperties("nubo.pool")
public record PoolProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1") int size,
        @DefaultValue({"python", "nodejs", "ruby", "php", "java"}) List<String> languages,
        @DefaultValue("100ms") Duration refillDelay) {
}
