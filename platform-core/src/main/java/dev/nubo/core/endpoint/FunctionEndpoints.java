package dev.nubo.core.endpoint;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a function to live endpoints: the one contract the HTTP gateway, the Kafka dispatcher, the cron
 * scheduler and the API's invoke share. Standalone: the local process supervisor. Kubernetes: the function's
 * Service. Called on every request, so implementations answer from memory.
 */
public interface FunctionEndpoints {

    /** The function's route, or empty when no such function exists. */
    Optional<FunctionRoute> route(String namespace, String name);

    /**
     * A route with at least one ready endpoint: at once when there is one; for a function scaled to zero (or whose
     * replicas are starting) it asks for a replica and completes when one is ready. Completes exceptionally with
     * {@link NotReadyException} when none is ready within {@code maxWait} or the function cannot run.
     */
    default CompletableFuture<FunctionRoute> awaitReady(String namespace, String name, Duration maxWait) {
        Optional<FunctionRoute> route = route(namespace, name);
        if (route.isPresent() && route.get().ready()) {
            return CompletableFuture.completedFuture(route.get());
        }
        return CompletableFuture.failedFuture(new NotReadyException(route.map(FunctionRoute::notReadyReason)
                .orElse("no function " + name + " in namespace " + namespace)));
    }

    /** No replica became ready: the message says why (from the function's status). */
    class NotReadyException extends RuntimeException {
        public NotReadyException(String message) {
            super(message);
        }
    }
}
