package dev.nubo.kubernetes.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.FunctionStatus;

/** A Function as a Kubernetes custom resource: spec and status are platform-core's records, unchanged. */
@Group(NuboCustomResources.GROUP)
@Version(NuboCustomResources.VERSION)
@Kind(Function.KIND)
@Plural("functions")
@Singular("function")
@ShortNames("fn")
@AdditionalPrinterColumn(name = "Runtime", jsonPath = ".spec.runtime")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.replicas.ready", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FunctionResource extends CustomResource<FunctionSpec, FunctionStatus> implements Namespaced {

    public FunctionResource() {
    }

    public FunctionResource(String namespace, String name, FunctionSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }
}
