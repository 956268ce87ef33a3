package dev.nubo.controller;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.nubo.core.config.NuboService;

/**
 * The controller service on its own: the local backend (builds, replicas as processes, logs), without API, console or
 * gateway. With {@code nubo.topology=distributed} (its default) it publishes routes and runtimes to the shared store
 * and serves logs and wake calls to the other services.
 */
@SpringBootApplication
@Import(ControllerModule.class)
public class ControllerApplication {

    public static void main(String[] args) {
        NuboService.run(ControllerApplication.class, "controller", args);
    }
}
