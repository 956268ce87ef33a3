package dev.nubo.core.distributed;

import java.util.List;

import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeInfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtimes the controller published ({@code runtime_catalogs}), for the services that validate functions but
 * run none (API, console): the same answers the controller's own catalog gives. Empty until a controller started.
 */
public class StoreRuntimeCatalog implements RuntimeCatalog {

    /** What a controller publishes. */
    public record Published(List<RuntimeInfo> runtimes, List<LanguageIds> languages) {
        public Published {
            runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
            languages = languages == null ? List.of() : List.copyOf(languages);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StoreRouteTable table;
    private volatile Published current = new Published(List.of(), List.of());

    public StoreRuntimeCatalog(StoreRouteTable table) {
        this.table = table;
    }

    public static String toJson(RuntimeCatalog catalog) {
        return JSON.writeValueAsString(new Published(catalog.runtimes(), catalog.languages()));
    }

    /** Reads the newest published catalog (called by the poller). */
    public void refresh() {
        List<String> catalogs = table.readCatalogs();
        if (!catalogs.isEmpty()) {
            current = JSON.readValue(catalogs.getFirst(), Published.class);
        }
    }

    @Override
    public List<RuntimeInfo> runtimes() {
        return current.runtimes();
    }

    @Override
    public List<LanguageIds> languages() {
        return current.languages();
    }
}
