package dev.nubo.triggers.kubernetes;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.databind.json.JsonMapper;

import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.kubernetes.endpoint.KubernetesFunctionEndpoints;

/**
 * The calls this gateway (and this service's dispatchers) has in flight and holds per function, for the operator's
 * scaler, which polls every gateway pod and sums ({@code GatewayConcurrency} in the controller). On the service's
 * web port (the management side, never the gateway's public port); guarded by the shared
 * {@code nubo.distributed.internal-token} like the controller's internal endpoints.
 */
@RestController
@ConditionalOnProperty(name = "nubo.backend", havingValue = "kubernetes")
public class ConcurrencyEndpoint {

    public static final String PATH = "/_nubo/concurrency";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesFunctionEndpoints endpoints;
    private final DistributedProperties properties;

    public ConcurrencyEndpoint(KubernetesFunctionEndpoints endpoints, DistributedProperties properties) {
        this.endpoints = endpoints;
        this.properties = properties;
    }

    /** {@code {"functions": [{"namespace", "name", "inFlight", "waiting", "lastCall"}]}}: functions with calls. */
    @GetMapping(PATH)
    public ResponseEntity<String> concurrency(
            @RequestHeader(name = DistributedProperties.TOKEN_HEADER, required = false) String token) {
        authorize(token);
        List<Map<String, Object>> functions = endpoints.samples().stream().map(c -> Map.<String, Object>of(
                "namespace", c.namespace(), "name", c.name(), "inFlight", c.sample().inFlight(),
                "waiting", c.sample().waiting(), "lastCall", String.valueOf(c.sample().lastCall()))).toList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(Map.of("functions", functions)));
    }

    private void authorize(String token) {
        if (!properties.admits(token)) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "missing or wrong " + DistributedProperties.TOKEN_HEADER);
        }
    }
}
