package dev.nubo.runtimes.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The shared fixture function of one language (src/test/resources/functions/&lt;language&gt;/) and its handler.
 * Handlers follow each language's naming (Java: class {@code Conformance}); fixture-handlers.properties
 * lists those that differ from {@code conformance.handler}.
 */
record FixtureFunction(Path sourceDir, String handler) {

    static final String DEFAULT_HANDLER = "conformance.handler";

    private static final Properties HANDLERS = load("/fixture-handlers.properties");

    static Optional<FixtureFunction> of(String language) {
        URL url = FixtureFunction.class.getResource("/functions/" + language);
        if (url == null || !url.getProtocol().equals("file")) {
            return Optional.empty();
        }
        try {
            Path dir = Path.of(url.toURI());
            return Files.isDirectory(dir)
                    ? Optional.of(new FixtureFunction(dir, HANDLERS.getProperty(language, DEFAULT_HANDLER)))
                    : Optional.empty();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code MOD_NAME}: the handler up to its last dot. */
    String module() {
        return handler.substring(0, handler.lastIndexOf('.'));
    }

    /** {@code FUNC_HANDLER}: the handler after its last dot. */
    String function() {
        return handler.substring(handler.lastIndexOf('.') + 1);
    }

    /** A handler in the fixture's module that does not exist, to see loading fail. */
    String missingHandler() {
        return module() + ".NoSuchHandler";
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = FixtureFunction.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
