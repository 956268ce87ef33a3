package dev.nubo.kubernetes.function;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.core.function.FunctionSpec;

/** Settings over the real runtime.json files of runtime-images/, as the operator builds them. */
public final class TestSettings {

    private TestSettings() {
    }

    public static RuntimeImages runtimeImages() {
        Map<String, RuntimeImage> images = new LinkedHashMap<>();
        for (String language : List.of("python", "nodejs", "ruby", "php", "go", "java")) {
            RuntimeDescriptor descriptor = RuntimeDescriptor.read(
                    Path.of("../runtime-images", language, RuntimeDescriptor.FILE_NAME));
            images.put(descriptor.idPrefix(), RuntimeImage.of(descriptor, "registry.test/nubo/runtime-" + language + ":1.0"));
        }
        return new RuntimeImages(images);
    }

    public static WorkloadSettings settings() {
        return new WorkloadSettings(runtimeImages(), "busybox:1.37", "http://nubo-api.nubo.svc:8080",
                WorkloadSettings.CONFIG_MAP_LIMIT, "IfNotPresent", "256Mi", "500m", Map.of("nubo.dev/role", "function"));
    }

    public static FunctionResource function(String name, FunctionSpec spec) {
        FunctionResource function = new FunctionResource("fns", name, spec);
        function.getMetadata().setUid("uid-" + name);
        function.getMetadata().setGeneration(1L);
        return function;
    }
}
