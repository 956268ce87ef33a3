package dev.nubo.triggers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.nubo.core.config.CoreConfiguration;
import dev.nubo.core.config.NuboService;
import dev.nubo.core.distributed.DistributedClientConfiguration;
import dev.nubo.core.metrics.ReplicaSamplerConfiguration;

/**
 * The triggers service on its own: the function gateway ({@code nubo.gateway.port}), cron, Kafka and NATS dispatchers,
 * calling the replicas the controller published in the shared store. Its web server ({@code server.port}) serves
 * only the actuator's health.
 */
@SpringBootApplication
@Import({TriggersModule.class, CoreConfiguration.class, ReplicaSamplerConfiguration.class,
        DistributedClientConfiguration.class})
public class TriggersApplication {

    public static void main(String[] args) {
        NuboService.run(TriggersApplication.class, "triggers", args);
    }
}
