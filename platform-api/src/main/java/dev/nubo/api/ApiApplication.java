package dev.nubo.api;

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

    public static void main(String[] args) {
        NuboService.run(ApiApplication.class, "api", args);
    }
}
