package dev.nubo.api.trigger;

import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.api.web.ManifestBodies;
import dev.nubo.core.trigger.TriggerKind;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;

/**
 * The trigger endpoints read their body themselves (JSON or YAML, native or Kubeless), so springdoc cannot see it:
 * this names each kind's schema as the request body of its create and replace operations.
 */
@Configuration(proxyBeanMethods = false)
class TriggerOpenApi {

    @Bean
    OpenApiCustomizer triggerRequestBodies() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            for (TriggerKind<?, ?> kind : TriggerKind.ALL) {
                Map<String, Schema> schemas = ModelConverters.getInstance().readAll(kind.type());
                schemas.forEach(openApi.getComponents()::addSchemas);
                String collection = "/api/v1/namespaces/{namespace}/" + kind.plural();
                document(openApi.getPaths() == null ? null : openApi.getPaths().get(collection), true, kind);
                document(openApi.getPaths() == null ? null : openApi.getPaths().get(collection + "/{name}"), false,
                        kind);
            }
            secret(openApi.getComponents().getSchemas(), "BasicUser", "password", "passwordHash");
            secret(openApi.getComponents().getSchemas(), "BearerToken", "token", "tokenHash");
        };
    }

    /** A credential's secret is only ever sent; its hash stays in the store. */
    private static void secret(Map<String, Schema> schemas, String credential, String secret, String hash) {
        Schema<?> schema = schemas == null ? null : schemas.get(credential);
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        schema.getProperties().remove(hash);
        Schema<?> value = schema.getProperties().get(secret);
        if (value != null) {
            value.writeOnly(true).description("sent in clear text, stored only hashed, never returned; leave it out"
                    + " in a replacement to keep the current one");
        }
    }

    private static void document(PathItem path, boolean create, TriggerKind<?, ?> kind) {
        Operation operation = path == null ? null : create ? path.getPost() : path.getPut();
        if (operation == null) {
            return;
        }
        Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + kind.kind());
        Content content = new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(schema));
        for (String yaml : ManifestBodies.YAML_TYPES.stream().sorted().toList()) {
            content.addMediaType(yaml, new MediaType().schema(schema));
        }
        operation.setRequestBody(new RequestBody().required(true).content(content).description("a " + kind.kind()
                + ", or a kubeless.io/v1beta1 " + kind.kubelessKind() + " manifest"));
    }
}
