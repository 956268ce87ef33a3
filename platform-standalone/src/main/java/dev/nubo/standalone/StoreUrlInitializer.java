package dev.nubo.standalone;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the store at {@code nubo.store.url} (PostgreSQL, say), or by default at an H2 file in the data directory,
 * made absolute so any {@code NUBO_DATA_DIR} works. {@code WRITE_DELAY=0}: H2 otherwise commits to disk up to a second
 * late, and a kill -9 in that second would lose acknowledged writes.
 */
public class StoreUrlInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (env.containsProperty("spring.datasource.url")) {
            return;
        }
        String url = env.getProperty("nubo.store.url");
        if (url == null || url.isBlank()) {
            Path dataDir = Path.of(env.getProperty("nubo.data-dir", "./data")).toAbsolutePath().normalize();
            url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("nubo") + ";WRITE_DELAY=0";
        }
        env.getPropertySources().addFirst(new MapPropertySource("nubo-store", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", env.getProperty("nubo.store.username", url.startsWith("jdbc:h2") ? "sa" : ""),
                "spring.datasource.password", env.getProperty("nubo.store.password", ""))));
    }
}
