package dev.nubo.api.namespace;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.tenancy.Callers;
import dev.nubo.core.quota.QuotaStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.user.Caller;
import dev.nubo.core.user.Invitations;
import dev.nubo.core.user.Members;
import dev.nubo.core.user.NamespaceAccess;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.Names;
import dev.nubo.core.validation.ValidationException;

/** {@code /api/v1/namespaces}: tenants. {@code default} always exists; a caller lists only those they have a role in. */
@RestController
@RequestMapping(path = "/api/v1/namespaces", produces = MediaType.APPLICATION_JSON_VALUE)
class NamespaceController {

    private final NamespaceStore namespaces;
    private final NamespaceAccess access;
    private final Members members;
    private final Callers callers;
    private final QuotaStore quotas;
    private final Invitations invitations;

    NamespaceController(NamespaceStore namespaces, NamespaceAccess access, Members members, Callers callers,
            QuotaStore quotas, Invitations invitations) {
        this.quotas = quotas;
        this.invitations = invitations;
        this.namespaces = namespaces;
        this.access = access;
        this.members = members;
        this.callers = callers;
    }

    record Metadata(String name) {
    }

    record Namespace(String apiVersion, String kind, Metadata metadata) {
        static Namespace named(String name) {
            return new Namespace("nubo.dev/v1", "Namespace", new Metadata(name));
        }
    }

    record NamespaceList(String apiVersion, String kind, List<Namespace> items) {
    }

    @GetMapping
    NamespaceList list() {
        Caller caller = callers.current();
        return new NamespaceList("nubo.dev/v1", "NamespaceList", namespaces.list().stream()
                .filter(name -> access.sees(caller, name)).map(Namespace::named).toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Namespace> create(@RequestBody Namespace namespace) {
        String name = namespace.metadata() == null ? null : namespace.metadata().name();
        if (!Names.isDns1123Label(name)) {
            throw new ValidationException(List.of(new FieldError("metadata.name", "NAME_INVALID",
                    "must be a DNS-1123 label: lower case letters, digits and '-', at most 63 characters")));
        }
        namespaces.create(name);
        return ResponseEntity.created(URI.create("/api/v1/namespaces/" + name)).body(Namespace.named(name));
    }

    @DeleteMapping("/{name}")
    Map<String, Object> delete(@PathVariable String name) {
        namespaces.delete(name);
        members.forgetNamespace(name);
        invitations.forgetNamespace(name);
        quotas.forget(name);
        return Map.of("apiVersion", "nubo.dev/v1", "kind", "Status", "status", "Success");
    }
}
