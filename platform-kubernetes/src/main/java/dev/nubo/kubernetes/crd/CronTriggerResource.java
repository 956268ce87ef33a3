package dev.nubo.kubernetes.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/** A CronTrigger as a Kubernetes custom resource: spec and status are platform-core's records, unchanged. */
@Group(NuboCustomResources.GROUP)
@Version(NuboCustomResources.VERSION)
@Kind(CronTrigger.KIND)
@Plural(CronTrigger.PLURAL)
@Singular("crontrigger")
@ShortNames("ct")
@AdditionalPrinterColumn(name = "Function", jsonPath = ".spec.function")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// the payload is any JSON value (object, string, number …), not only an object
@SchemaSwap(originalType = CronTriggerSpec.class, fieldName = "payload", targetType = AnyType.class)
public class CronTriggerResource extends CustomResource<CronTriggerSpec, TriggerStatus> implements Namespaced {
}
