package dev.nubo.triggers.kubernetes;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the triggers service reads of {@code nubo.kubernetes.*} (the same keys the controller reads).
 *
 * @param namespaces the namespaces whose Functions and EndpointSlices are watched; empty: all
 */
@ConfigurationProperties("nubo.kubernetes")
public record KubernetesGatewayProperties(@DefaultValue List<String> namespaces) {
}
