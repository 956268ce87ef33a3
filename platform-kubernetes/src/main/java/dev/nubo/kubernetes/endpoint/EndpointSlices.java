package dev.nubo.kubernetes.endpoint;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/** What an EndpointSlice says about a Service's pods. */
public final class EndpointSlices {

    /** The label the EndpointSlice controller puts on each slice: the Service it belongs to. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private EndpointSlices() {
    }

    /** The addresses of the slice's ready endpoints (ready unset means ready, discovery.k8s.io/v1). */
    public static List<String> readyAddresses(EndpointSlice slice) {
        List<String> addresses = new ArrayList<>();
        if (slice.getEndpoints() == null) {
            return addresses;
        }
        for (var endpoint : slice.getEndpoints()) {
            boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                    || endpoint.getConditions().getReady();
            if (ready && endpoint.getAddresses() != null) {
                addresses.addAll(endpoint.getAddresses());
            }
        }
        return addresses;
    }
}
