package dev.nubo.api.trigger;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;

import dev.nubo.api.web.ManifestBodies;
import dev.nubo.api.web.RequestBodies;
import dev.nubo.core.model.Resource;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerDocument;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.trigger.service.TriggerManifests;
import dev.nubo.core.trigger.service.TriggerService;
import io.swagger.v3.oas.annotations.Operation;

/**
 * CRUD + list of one trigger kind under {@code /api/v1/namespaces/{ns}/<plural>}: the native shape as JSON or YAML, or
 * the kind's Kubeless manifest. What a conversion ignored comes back as {@code Warning: 299} headers (as the Kubernetes
 * API server words its warnings). Each kind is a subclass with its own path.
 */
abstract class TriggerController<T extends Trigger<S>, S extends TriggerSpec> {

    private final TriggerService<T, S> triggers;
    private final TriggerManifests manifests;
    private final long maxRequestBytes;

    TriggerController(TriggerService<T, S> triggers, TriggerManifests manifests, long maxRequestBytes) {
        this.triggers = triggers;
        this.manifests = manifests;
        this.maxRequestBytes = maxRequestBytes;
    }

    record TriggerList<T>(String apiVersion, String kind, List<T> items) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the namespace's triggers of this kind, with their status")
    TriggerList<T> list(@PathVariable String namespace) {
        return new TriggerList<>(Resource.API_VERSION, triggers.kind().listKind(), triggers.list(namespace));
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a trigger (JSON or YAML; the native shape or the kind's Kubeless manifest)")
    ResponseEntity<T> create(@PathVariable String namespace, HttpServletRequest request,
            @RequestHeader(value = "Content-Type", required = false) MediaType contentType) throws IOException {
        TriggerDocument<T> document = read(request, contentType);
        T created = triggers.create(namespace, document.trigger());
        return ResponseEntity.created(URI.create("/api/v1/namespaces/" + namespace + "/" + triggers.kind().plural()
                + "/" + created.name())).headers(warnings(document)).body(created);
    }

    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Read a trigger with its status")
    T get(@PathVariable String namespace, @PathVariable String name) {
        return triggers.get(namespace, name);
    }

    @PutMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace spec and labels; a metadata.resourceVersion must be the current one (409 otherwise);"
            + " credentials repeated without their secret keep it")
    ResponseEntity<T> replace(@PathVariable String namespace, @PathVariable String name, HttpServletRequest request,
            @RequestHeader(value = "Content-Type", required = false) MediaType contentType) throws IOException {
        TriggerDocument<T> document = read(request, contentType);
        return ResponseEntity.ok().headers(warnings(document)).body(triggers.replace(namespace, name,
                document.trigger()));
    }

    @DeleteMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Delete a trigger (its functions stay)")
    Map<String, Object> delete(@PathVariable String namespace, @PathVariable String name) {
        T deleted = triggers.delete(namespace, name);
        return Map.of("apiVersion", Resource.API_VERSION, "kind", "Status", "status", "Success",
                "details", Map.of("namespace", namespace, "name", deleted.name(), "kind", deleted.kind(),
                        "uid", deleted.metadata().uid()));
    }

    private TriggerDocument<T> read(HttpServletRequest request, MediaType contentType) throws IOException {
        return manifests.read(triggers.kind(), ManifestBodies.parse(RequestBodies.read(request, maxRequestBytes),
                contentType));
    }

    /** RFC 7234 warn-code 299 ("miscellaneous persistent warning"), a quoted ASCII text per warning. */
    private static HttpHeaders warnings(TriggerDocument<?> document) {
        HttpHeaders headers = new HttpHeaders();
        for (String warning : document.warnings()) {
            String text = warning.replaceAll("[^\\x20-\\x7e]", "?").replace("\\", "\\\\").replace("\"", "\\\"");
            headers.add(HttpHeaders.WARNING, "299 - \"" + text + "\"");
        }
        return headers;
    }
}
