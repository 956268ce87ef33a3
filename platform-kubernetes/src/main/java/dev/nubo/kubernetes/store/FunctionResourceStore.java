package dev.nubo.kubernetes.store;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.kubernetes.crd.FunctionResource;

/** The Functions on the Kubernetes backend: the Function custom resources. */
public class FunctionResourceStore
        extends CustomResourceStore<Function, FunctionSpec, FunctionStatus, FunctionResource> implements FunctionStore {

    public FunctionResourceStore(KubernetesClient client, NamespaceStore namespaces) {
        this(client, namespaces, NamespaceMapping.IDENTITY);
    }

    public FunctionResourceStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        super(Function.KIND, FunctionResource.class, FunctionResource::new,
                (meta, spec, status) -> new Function(Function.API_VERSION, Function.KIND, meta, spec, status), client, namespaces, mapping);
    }
}
