package dev.nubo.kubernetes.function;

import java.util.LinkedHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.nubo.core.source.Checksums;

/**
 * Stamps a desired object with the hash of its content. The API server adds defaults and fields of its own, so an
 * object read back never equals the one built; the stamp is how a reconcile knows it has nothing to write.
 */
public final class DesiredHash {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private DesiredHash() {
    }

    public static <T extends HasMetadata> T stamp(T desired) {
        var annotations = desired.getMetadata().getAnnotations() == null ? new LinkedHashMap<String, String>()
                : new LinkedHashMap<>(desired.getMetadata().getAnnotations());
        annotations.remove(FunctionLabels.DESIRED_HASH);
        desired.getMetadata().setAnnotations(annotations);
        String hash = Checksums.sha256(JSON.asJson(desired));
        annotations.put(FunctionLabels.DESIRED_HASH, hash);
        desired.getMetadata().setAnnotations(annotations);
        return desired;
    }

    public static String of(HasMetadata object) {
        if (object == null || object.getMetadata().getAnnotations() == null) {
            return null;
        }
        return object.getMetadata().getAnnotations().get(FunctionLabels.DESIRED_HASH);
    }

    /** Whether {@code actual} already is what {@code desired} (stamped) asks for. */
    public static boolean upToDate(HasMetadata actual, HasMetadata desired) {
        String wanted = of(desired);
        return actual != null && wanted != null && wanted.equals(of(actual));
    }
}
