package dev.nubo.controller.kubernetes;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the operator reads the gateway's calls per function ({@code nubo.kubernetes.gateway-concurrency.*}); when
 * enabled, functions scale on concurrency and to zero ({@link FunctionScaler}) instead of a CPU autoscaler.
 *
 * @param enabled      poll the gateways (and so scale on concurrency)
 * @param urls         the gateways' management URLs (e.g. {@code http://nubo-triggers:8080}); empty: every ready
 *                     endpoint of the {@code service}'s EndpointSlices in {@code namespace}, on {@code port}
 * @param service      the triggers service whose pods run the gateway
 * @param namespace    its namespace
 * @param port         the pods' management (web) port, where {@code /_nubo/concurrency} is served
 * @param pollInterval how often every gateway is asked
 * @param timeout      how long one answer may take; a gateway that does not answer is left out of that poll
 */
@ConfigurationProperties("nubo.kubernetes.gateway-concurrency")
public record GatewayConcurrencyProperties(@DefaultValue("false") boolean enabled, @DefaultValue List<String> urls,
        @DefaultValue("nubo-triggers") String service, @DefaultValue("nubo") String namespace,
        @DefaultValue("8080") int port, @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("1s") Duration timeout) {
}
