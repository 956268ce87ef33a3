package dev.nubo.core.function.service;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a user's call to a function waits ({@code nubo.api.*}: the keys kept the names they had when only the API
 * invoked; the console's invoke panel follows the same settings).
 *
 * @param invokeGrace how long past the function's own timeout a call waits before failing with 504
 * @param wakeTimeout how long a call of a function without a ready replica (scaled to zero, starting) waits for one
 *                    before failing with 503
 */
@ConfigurationProperties("nubo.api")
public record InvokeProperties(@DefaultValue("1s") Duration invokeGrace, @DefaultValue("60s") Duration wakeTimeout) {
}
