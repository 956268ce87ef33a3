package dev.nubo.core.function.service;

import java.util.List;

import dev.nubo.core.function.Function;
import dev.nubo.core.kubeless.KubelessFunctionConverter;
import dev.nubo.core.model.Manifests;
import dev.nubo.core.model.Resource;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.StrictBinding;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a submitted function: the native JSON (or YAML) shape, or a Kubeless {@code kubeless.io/v1beta1} manifest,
 * which is converted. Unknown fields are refused (a typo such as {@code timeoutSecond} must not pass silently);
 * fields the platform owns (status, uid, generation) are ignored.
 */
public class FunctionDocuments {

    private final KubelessFunctionConverter kubeless;

    public FunctionDocuments(KubelessFunctionConverter kubeless) {
        this.kubeless = kubeless;
    }

    /** Reads manifest text, JSON or YAML (the console's editor and import). */
    public Function read(String text, boolean yaml) {
        return read(Manifests.parse(text, yaml));
    }

    /** Reads an already parsed manifest. */
    public Function read(JsonNode tree) {
        if (KubelessFunctionConverter.isKubeless(tree)) {
            return kubeless.convert(tree);
        }
        return readNative(tree);
    }

    private Function readNative(JsonNode tree) {
        String apiVersion = tree.path("apiVersion").asString(Resource.API_VERSION);
        String kind = tree.path("kind").asString(Function.KIND);
        if (!Resource.API_VERSION.equals(apiVersion) || !Function.KIND.equals(kind)) {
            throw new ValidationException(List.of(new FieldError("apiVersion", "KIND_UNSUPPORTED",
                    "expected apiVersion " + Resource.API_VERSION + " and kind Function (or a "
                            + KubelessFunctionConverter.API_VERSION + " Function)")));
        }
        Function function = StrictBinding.bind(tree, Function.class);
        return new Function(Resource.API_VERSION, Function.KIND, function.metadata(), function.spec(), null);
    }
}
