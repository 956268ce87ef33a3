package dev.nubo.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.nubo.core.config.NuboService;
import dev.nubo.core.distributed.DistributedClientConfiguration;

/** The console service on its own, over the shared store and the controller's published routes and logs. */
@SpringBootApplication
@Import({ConsoleModule.class, DistributedClientConfiguration.class})
public class ConsoleApplication {

    public static void main(String[] args) {
        NuboService.run(ConsoleApplication.class, "console", args);
    }
}
