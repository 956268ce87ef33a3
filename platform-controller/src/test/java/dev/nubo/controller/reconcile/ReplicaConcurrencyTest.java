package dev.nubo.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.core.runtime.RuntimeInfo;
import dev.nubo.core.testing.FunctionSpecBuilder;

class ReplicaConcurrencyTest {

    private static InstalledRuntime runtime(String id, boolean threadPerConnection) {
        RuntimeDescriptor descriptor = new RuntimeDescriptor(id, id, 1, null,
                new RuntimeDescriptor.Interpreter(List.of("/bin/true"), List.of()), "x", null, List.of(), List.of(),
                List.of("/bin/true"), Map.of(), Map.of(), List.of(), threadPerConnection, List.of(), List.of());
        return new InstalledRuntime(new RuntimeInfo(id + "1", id, "1", null, "x"), descriptor, Path.of("/rt"),
                Path.of("/bin/true"));
    }

    private static final Map<String, InstalledRuntime> RUNTIMES = Map.of("threaded1", runtime("threaded", true),
            "looped1", runtime("looped", false));

    private static Function function(String runtime, Integer containerConcurrency) {
        return Function.of(ObjectMeta.named("ns", "fn"), FunctionSpecBuilder.spec(runtime, "main.handler",
                FunctionSource.inline("x")).timeoutSeconds(30)
                .scaling(new Scaling(1, 1, null, null, containerConcurrency)).build());
    }

    private static ReplicaConcurrency concurrency(int processLimit) {
        return new ReplicaConcurrency(100, processLimit, id -> Optional.ofNullable(RUNTIMES.get(id)));
    }

    @Test
    void theFunctionsOwnCapWinsElseThePlatformsDefault() {
        assertThat(concurrency(256).of(function("looped1", null))).isEqualTo(100);
        assertThat(concurrency(256).of(function("looped1", 500))).isEqualTo(500);
        assertThat(concurrency(256).of(function("threaded1", 7))).isEqualTo(7);
    }

    @Test
    void aRuntimeWithAThreadPerConnectionIsHeldToHalfTheProcessLimit() {
        assertThat(concurrency(256).of(function("threaded1", 500))).isEqualTo(128);
        assertThat(concurrency(100).of(function("threaded1", null))).isEqualTo(50);
        assertThat(concurrency(0).of(function("threaded1", 500))).as("no process limit: no bound").isEqualTo(500);
    }
}
