package dev.nubo.api.function;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.api.web.ManifestBodies;
import dev.nubo.api.web.RequestBodies;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.service.FunctionDocuments;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.model.Resource;

/** {@code /api/v1/namespaces/{ns}/functions}: native JSON, or a Kubeless manifest as JSON or YAML. */
@RestController
@RequestMapping(path = "/api/v1/namespaces/{namespace}/functions", produces = MediaType.APPLICATION_JSON_VALUE)
class FunctionController {

    private final FunctionService functions;
    private final FunctionDocuments documents;
    private final long maxRequestBytes;

    FunctionController(FunctionService functions, FunctionDocuments documents, ApiProperties properties) {
        this.functions = functions;
        this.documents = documents;
        this.maxRequestBytes = properties.maxRequestBytes();
    }

    record FunctionList(String apiVersion, String kind, List<Function> items) {
    }

    /** Summaries: each function without its code (a single GET returns that). */
    @GetMapping
    FunctionList list(@PathVariable String namespace) {
        return new FunctionList(Resource.API_VERSION, "FunctionList", functions.list(namespace).stream()
                .map(f -> f.spec() == null ? f : f.withSpec(f.spec().withoutSource())).toList());
    }

    @PostMapping
    ResponseEntity<Function> create(@PathVariable String namespace, HttpServletRequest request,
            @RequestHeader(value = "Content-Type", required = false) MediaType contentType) throws IOException {
        Function created = functions.create(namespace,
                documents.read(ManifestBodies.parse(RequestBodies.read(request, maxRequestBytes), contentType)));
        return ResponseEntity.created(URI.create("/api/v1/namespaces/" + namespace + "/functions/" + created.name()))
                .body(created);
    }

    @GetMapping("/{name}")
    Function get(@PathVariable String namespace, @PathVariable String name) {
        return functions.get(namespace, name);
    }

    @PutMapping("/{name}")
    Function replace(@PathVariable String namespace, @PathVariable String name, HttpServletRequest request,
            @RequestHeader(value = "Content-Type", required = false) MediaType contentType) throws IOException {
        return functions.replace(namespace, name,
                documents.read(ManifestBodies.parse(RequestBodies.read(request, maxRequestBytes), contentType)));
    }

    @DeleteMapping("/{name}")
    Map<String, Object> delete(@PathVariable String namespace, @PathVariable String name) {
        Function deleted = functions.delete(namespace, name);
        return Map.of("apiVersion", Resource.API_VERSION, "kind", "Status", "status", "Success",
                "details", Map.of("namespace", namespace, "name", deleted.name(), "uid", deleted.metadata().uid()));
    }
}
