package dev.nubo.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web console ({@code nubo.console.*}).
 *
 * @param logTailLines     lines a log view starts with, sent again on every (re)connect of its stream
 * @param logStreamTimeout how long one live log stream stays open (the page reconnects after it)
 * @param maxBodyKilobytes largest invoke body or response body the invoke panel shows
 * @param invokeLogWait    how long the invoke panel waits, after the answer, for the call's access line in the log
 */
@ConfigurationProperties("nubo.console")
public record ConsoleProperties(
        @DefaultValue("200") int logTailLines,
        @DefaultValue("30m") Duration logStreamTimeout,
        @DefaultValue("1024") int maxBodyKilobytes,
        @DefaultValue("2s") Duration invokeLogWait) {
}
