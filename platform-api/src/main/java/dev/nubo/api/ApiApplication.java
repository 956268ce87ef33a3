package dev.nubo.api;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.nubo.core.config.NuboService;
import dev.nubo.core.distributed.DistributedClientConfiguration;

/**
 * The API service on its own ({@code nubo.topology=distributed}): functions' endpoints, runtimes and logs come from
 * what the controller published in the shared store (docs/architecture.md, "Distributed topology").
 */
@SpringBootApplication
@Import({ApiModule.class, DistributedClientConfiguration.class})
public class ApiApplication {

    /**
     * Writes as before the rest existed: on its own the API shares its cores with no reconcile, build or replica, and
     * its writes mostly wait on the shared store, so a rest after each would only slow them (standalone: 1 and 0.5).
     */
    static final Map<String, Object> DEFAULTS = Map.of("nubo.api.concurrent-writes", "2", "nubo.api.write-share", "1");

    public static void main(String[] args) {
        NuboService.run(ApiApplication.class, "api", DEFAULTS, args);
    }
}
