package dev.nubo.api.secret;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.api.web.RequestBodies;
import dev.nubo.core.model.Manifests;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.model.Resource;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.secret.Secret;
import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.secret.SecretValidator;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/namespaces/{ns}/secrets}: values go in with a create or replace and never come out — reads show the
 * key names. A replace sets every value (send them all).
 */
@RestController
@RequestMapping(path = "/api/v1/namespaces/{namespace}/secrets", produces = MediaType.APPLICATION_JSON_VALUE)
class SecretController {

    /** What a client sends. */
    record SecretDocument(String apiVersion, String kind, ObjectMeta metadata, Map<String, String> data) {
    }

    record SecretList(String apiVersion, String kind, List<Secret> items) {
    }

    private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final SecretStore secrets;
    private final NamespaceStore namespaces;
    private final long maxRequestBytes;

    SecretController(SecretStore secrets, NamespaceStore namespaces, ApiProperties properties) {
        this.secrets = secrets;
        this.namespaces = namespaces;
        this.maxRequestBytes = properties.maxRequestBytes();
    }

    @GetMapping
    SecretList list(@PathVariable String namespace) {
        List<Secret> items = secrets.list(namespace);
        if (items.isEmpty()) {
            requireNamespace(namespace);
        }
        return new SecretList(Resource.API_VERSION, "SecretList", items);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Secret> create(@PathVariable String namespace, HttpServletRequest request) throws IOException {
        SecretDocument document = read(request);
        ObjectMeta meta = metadata(document, namespace, null);
        SecretValidator.check(meta.name(), document.data());
        requireNamespace(namespace);
        Secret created = secrets.create(meta, document.data());
        return ResponseEntity.created(URI.create("/api/v1/namespaces/" + namespace + "/secrets/" + meta.name()))
                .body(created);
    }

    @GetMapping("/{name}")
    Secret get(@PathVariable String namespace, @PathVariable String name) {
        return secrets.get(namespace, name).orElseThrow(() -> notFound(namespace, name));
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Secret replace(@PathVariable String namespace, @PathVariable String name, HttpServletRequest request)
            throws IOException {
        SecretDocument document = read(request);
        ObjectMeta meta = metadata(document, namespace, name);
        SecretValidator.check(meta.name(), document.data());
        requireNamespace(namespace);
        return secrets.replace(meta, document.data());
    }

    @DeleteMapping("/{name}")
    Map<String, Object> delete(@PathVariable String namespace, @PathVariable String name) {
        Secret deleted = secrets.delete(namespace, name).orElseThrow(() -> notFound(namespace, name));
        return Map.of("apiVersion", Resource.API_VERSION, "kind", "Status", "status", "Success",
                "details", Map.of("namespace", namespace, "name", name, "uid", deleted.metadata().uid()));
    }

    private SecretDocument read(HttpServletRequest request) throws IOException {
        byte[] body = RequestBodies.read(request, maxRequestBytes);
        SecretDocument document;
        try {
            document = json.readValue(new String(body, StandardCharsets.UTF_8), SecretDocument.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ValidationException(List.of(new FieldError(e.getPropertyName(), "FIELD_UNKNOWN",
                    "unknown field '" + e.getPropertyName() + "' (a secret has metadata and data)")));
        } catch (JacksonException e) {
            // the message would quote the body, values included: say only where it broke
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body is not a JSON secret document"
                    + Manifests.where(e));
        }
        if (document == null) {
            throw ProblemException.badRequest(ProblemCodes.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        if ((document.apiVersion() != null && !Resource.API_VERSION.equals(document.apiVersion()))
                || (document.kind() != null && !Secret.KIND.equals(document.kind()))) {
            throw new ValidationException(List.of(new FieldError("apiVersion", "KIND_UNSUPPORTED",
                    "expected apiVersion " + Resource.API_VERSION + " and kind Secret")));
        }
        return document;
    }

    private static ObjectMeta metadata(SecretDocument document, String namespace, String pathName) {
        ObjectMeta meta = document.metadata() == null ? ObjectMeta.named(namespace, pathName) : document.metadata();
        if (meta.namespace() != null && !meta.namespace().equals(namespace)) {
            throw new ValidationException(List.of(new FieldError("metadata.namespace", "NAMESPACE_MISMATCH",
                    "the body names namespace " + meta.namespace() + " but the request is for " + namespace)));
        }
        String name = meta.name() == null ? pathName : meta.name();
        if (pathName != null && !pathName.equals(name)) {
            throw new ValidationException(List.of(new FieldError("metadata.name", ProblemCodes.NAME_MISMATCH,
                    "the body names secret " + name + " but the request is for " + pathName)));
        }
        return new ObjectMeta(name, namespace, meta.labels(), null, null, meta.resourceVersion(), null);
    }

    private void requireNamespace(String namespace) {
        if (!namespaces.exists(namespace)) {
            throw ProblemException.notFound(ProblemCodes.NAMESPACE_NOT_FOUND, "namespace " + namespace + " does not exist");
        }
    }

    private ProblemException notFound(String namespace, String name) {
        requireNamespace(namespace);
        return SecretStore.notFound(namespace, name);
    }
}
