package dev.nubo.core.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator ({@code NUBO_ADMIN_PASSWORD}, {@code NUBO_ADMIN_TOKEN}). Unset values are generated on first
 * start and written once to {@code <data dir>/credentials}.
 */
@ConfigurationProperties("nubo.admin")
public record AdminProperties(String password, String token) {
}
