package dev.nubo.triggers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Runs the triggers service alone. */
@SpringBootApplication
@Import(TriggersModule.class)
public class TriggersApplication {

    public static void main(String[] args) {
        SpringApplication.run(TriggersApplication.class, args);
    }
}
