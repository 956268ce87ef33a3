package dev.nubo.core.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key secrets are encrypted with ({@code nubo.secrets.key}, {@code NUBO_SECRETS_KEY}): 32 random bytes,
 * base64. Unset, a standalone platform makes one on its first start and keeps it in {@code <data dir>/secrets.key}
 * (mode 600) — set it from outside to keep the key and the data apart.
 *
 * @param key base64 of the 256-bit key, or empty
 */
@ConfigurationProperties("nubo.secrets")
public record SecretsProperties(String key) {
}
