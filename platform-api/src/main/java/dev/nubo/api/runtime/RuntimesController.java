package dev.nubo.api.runtime;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeInfo;

/** {@code GET /api/v1/runtimes}: the runtime ids this installation offers. */
@RestController
class RuntimesController {

    private final RuntimeCatalog catalog;

    RuntimesController(RuntimeCatalog catalog) {
        this.catalog = catalog;
    }

    record RuntimeList(List<RuntimeInfo> items) {
    }

    @GetMapping(path = "/api/v1/runtimes", produces = MediaType.APPLICATION_JSON_VALUE)
    RuntimeList runtimes() {
        return new RuntimeList(catalog.runtimes());
    }
}
