package dev.nubo.core.testing;

import dev.nubo.core.function.Function;
import dev.nubo.core.model.ObjectMeta;

/** Small functions for tests. */
public final class TestFunctions {

    private TestFunctions() {
    }

    public static Function python(String namespace, String name, String code) {
        return Function.of(ObjectMeta.named(namespace, name),
                FunctionSpecBuilder.python(code).timeoutSeconds(30).build().withDefaults(30));
    }

    public static Function hello(String namespace, String name) {
        return python(namespace, name, "def handler(event, context):\n    return 'hello world'\n");
    }
}
