package dev.nubo.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.testing.TestCatalog;
import dev.nubo.core.trigger.TopicCatalog;

/**
 * The console on its own over a real H2 store in a directory of its own; the runtime catalog is a fixed one (no
 * interpreters needed) and there is no backend, so functions stay Pending. The Kafka cluster's topics are a fixed list.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ConsoleModule.class)
class ConsoleTestApplication {

    static final String PASSWORD = "console-test-password";
    static final Path DATA_DIR = dataDir();

    /** What the Kafka cluster answers the trigger form (the real catalog is tested against a real broker). */
    static volatile TopicCatalog.Topics topics = new TopicCatalog.Topics(java.util.List.of("orders", "payments"), null);

    @Bean
    TopicCatalog topicCatalog() {
        return () -> topics;
    }

    @Bean
    RuntimeCatalog runtimeCatalog() {
        return TestCatalog.pythonAndNode();
    }

    static String[] properties() {
        return new String[] {
                "nubo.data-dir=" + DATA_DIR,
                "spring.datasource.url=jdbc:h2:file:" + DATA_DIR.resolve("nubo") + ";WRITE_DELAY=0",
                "spring.datasource.username=sa",
                "spring.flyway.locations=classpath:db/migration/{vendor}",
                "nubo.admin.password=" + PASSWORD,
                "nubo.admin.token=nubo_console_test_token_0123456789"};
    }

    private static Path dataDir() {
        try {
            return Files.createTempDirectory("nubo-console-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
