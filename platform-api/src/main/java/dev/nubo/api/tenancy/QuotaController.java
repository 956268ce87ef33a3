package dev.nubo.api.tenancy;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.quota.NamespaceQuotas;
import dev.nubo.core.quota.Quota;

/** {@code /api/v1/namespaces/{namespace}/quota}: members read limits and usage; platform administrators set them. */
@RestController
@RequestMapping(path = "/api/v1/namespaces/{namespace}/quota", produces = MediaType.APPLICATION_JSON_VALUE)
class QuotaController {

    private final NamespaceQuotas quotas;

    QuotaController(NamespaceQuotas quotas) {
        this.quotas = quotas;
    }

    @GetMapping
    Map<String, Object> get(@PathVariable String namespace) {
        return Map.of("kind", "NamespaceQuota", "namespace", namespace, "limits", quotas.quota(namespace),
                "usage", quotas.usage(namespace));
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@PathVariable String namespace, @RequestBody Quota quota) {
        quotas.setQuota(namespace, quota == null ? Quota.NONE : quota);
        return get(namespace);
    }
}
