package dev.nubo.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts one of the four services on its own ({@code java -jar platform-<service>-exec.jar}) with the settings the
 * standalone application has in its application.yml, and {@code nubo.topology=distributed}: the services meet in the
 * shared store ({@code nubo.store.url}, PostgreSQL). Every default can be overridden as usual (flags, environment).
 */
public final class NuboService {

    private NuboService() {
    }

    public static ConfigurableApplicationContext run(Class<?> application, String name, String[] args) {
        return run(application, name, Map.of(), args);
    }

    /** @param extraDefaults this service's own defaults, on top of the shared ones */
    public static ConfigurableApplicationContext run(Class<?> application, String name,
            Map<String, Object> extraDefaults, String[] args) {
        SpringApplication app = new SpringApplication(application);
        Map<String, Object> defaults = defaults(name);
        defaults.putAll(extraDefaults);
        app.setDefaultProperties(defaults);
        app.addInitializers(context -> pointStore(context.getEnvironment()));
        return app.run(args);
    }

    static Map<String, Object> defaults(String name) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.application.name", "nubo-" + name);
        defaults.put("nubo.topology", "distributed");
        defaults.put("spring.threads.virtual.enabled", "true");
        defaults.put("spring.flyway.locations", "classpath:db/migration/{vendor}");
        defaults.put("spring.jackson.default-property-inclusion", "non_null");
        // as standalone: no parsing of PUT/PATCH/DELETE form bodies before the API sees them (application.yml says why)
        defaults.put("spring.mvc.formcontent.filter.enabled", "false");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("spring.servlet.multipart.max-file-size", "60MB");
        defaults.put("spring.servlet.multipart.max-request-size", "80MB");
        defaults.put("server.port", "8080");
        // loopback unless told otherwise, as standalone (the Dockerfiles set SERVER_ADDRESS=0.0.0.0)
        defaults.put("server.address", "127.0.0.1");
        defaults.put("server.error.whitelabel.enabled", "false");
        defaults.put("server.shutdown", "graceful");
        defaults.put("server.servlet.session.cookie.name", "NUBO_SESSION");
        defaults.put("server.servlet.session.cookie.same-site", "strict");
        defaults.put("server.servlet.session.cookie.http-only", "true");
        defaults.put("server.tomcat.max-swallow-size", "100MB");
        defaults.put("management.endpoints.web.exposure.include", "health");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("springdoc.api-docs.path", "/v3/api-docs");
        defaults.put("springdoc.paths-to-match", "/api/**");
        defaults.put("logging.level.org.springframework.boot.autoconfigure", "warn");
        defaults.put("logging.level.org.flywaydb", "warn");
        defaults.put("logging.level.org.apache.kafka", "warn");
        return defaults;
    }

    /**
     * {@code nubo.store.url} (and username, password) → the DataSource, as standalone does; without one, an H2 file in
     * the data directory (a service alone on one machine, for trying it out).
     */
    static void pointStore(ConfigurableEnvironment env) {
        if (env.containsProperty("spring.datasource.url")) {
            return;
        }
        String url = env.getProperty("nubo.store.url");
        if (url == null || url.isBlank()) {
            Path dataDir = Path.of(env.getProperty("nubo.data-dir", "./data")).toAbsolutePath().normalize();
            url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("nubo") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
        }
        env.getPropertySources().addFirst(new MapPropertySource("nubo-store", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", env.getProperty("nubo.store.username",
                        url.startsWith("jdbc:h2") ? "sa" : ""),
                "spring.datasource.password", env.getProperty("nubo.store.password", ""))));
    }
}
