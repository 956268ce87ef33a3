package dev.nubo.core.endpoint;

import java.util.Optional;

/**
 * Resolves a function to live endpoints: the one contract the HTTP gateway, the Kafka dispatcher, the cron
 * scheduler and the API's invoke share. Standalone: the local process supervisor. Kubernetes: the function's
 * Service. Called on every request, so implementations answer from memory.
 */
public interface FunctionEndpoints {

    /** The function's route, or empty when no such function exists. */
    Optional<FunctionRoute> route(String namespace, String name);
}
