package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.javaoperatorsdk.operator.Operator;

/** Standalone stays on the local backend: the operator exists only with nubo.backend=kubernetes. */
class KubernetesBackendSwitchTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(KubernetesOperatorConfiguration.class);

    @Test
    void noOperatorUnlessTheBackendIsKubernetes() {
        runner.run(context -> assertThat(context).doesNotHaveBean(Operator.class)
                .doesNotHaveBean(FunctionReconciler.class));
        runner.withPropertyValues("nubo.backend=local")
                .run(context -> assertThat(context).doesNotHaveBean(Operator.class));
    }

    @Test
    void theRuntimeImagesComeWithTheirRuntimeJsonFromTheBundle() {
        var images = KubernetesOperatorConfiguration.runtimeImages(KubernetesBackendProperties.DEFAULT_RUNTIME_IMAGES);
        assertThat(images.forRuntime("nodejs20")).hasValueSatisfying(image -> {
            assertThat(image.image()).isEqualTo("ghcr.io/nubo-dev/nubo-runtime-nodejs:0.1.0");
            assertThat(image.depsFile()).isEqualTo("package.json");
            assertThat(image.installCommand()).contains("/opt/nubo/runtime/npm-install.js", "/deps");
        });
        assertThat(images.forRuntime("go1.22")).hasValueSatisfying(image -> {
            assertThat(image.compiles()).isTrue();
            assertThat(image.startCommand()).containsExactly("/build/server");
        });
        assertThat(images.forRuntime("java21")).hasValueSatisfying(image -> assertThat(image.compiles()).isTrue());
        assertThat(images.forRuntime("rust1.80")).isEmpty();
    }
}
