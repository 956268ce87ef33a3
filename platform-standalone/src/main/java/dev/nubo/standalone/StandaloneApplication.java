package dev.nubo.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.nubo.api.ApiModule;
import dev.nubo.console.ConsoleModule;
import dev.nubo.controller.ControllerModule;
import dev.nubo.triggers.TriggersModule;

/**
 * Nubo on one machine, in one JVM: the REST API and the console (8080), the function gateway (8081), and the local
 * process supervisor that builds and runs functions. Everything lives in the data directory ({@code NUBO_DATA_DIR},
 * default {@code ./data}).
 */
@SpringBootApplication
@Import({ApiModule.class, ConsoleModule.class, ControllerModule.class, TriggersModule.class})
public class StandaloneApplication {

    public static void main(String[] args) {
        // Netty's leak detector samples buffers on the gateway's hot path; the tests run it at its strictest
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
