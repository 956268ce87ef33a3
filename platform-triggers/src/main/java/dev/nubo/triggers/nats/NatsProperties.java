package dev.nubo.triggers.nats;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where NatsTriggers consume ({@code nubo.nats.*}). Nothing connects until a NatsTrigger exists.
 *
 * @param enabled false: NatsTriggers are stored but not run here
 * @param url     the NATS server(s) with JetStream, {@code nats://host:port[,nats://…]}; credentials in the URL
 *                ({@code nats://user:password@host:4222}) or by a token ({@code nats://token@host:4222})
 */
@ConfigurationProperties("nubo.nats")
public record NatsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("nats://127.0.0.1:4222") String url) {
}
