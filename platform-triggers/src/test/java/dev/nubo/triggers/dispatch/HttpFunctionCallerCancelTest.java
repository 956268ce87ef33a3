package dev.nubo.triggers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.triggers.gateway.StaticFunctionEndpoints;

/**
 * A caller that gives up on a call (cron's Replace) frees the replica's connection instead of leaving it open. The
 * JDK's client (16+) aborts the exchange when a stage derived from {@code sendAsync} is cancelled; this holds it to that.
 */
class HttpFunctionCallerCancelTest {

    @Test
    void cancellingACallClosesItsConnection() throws Exception {
        try (ServerSocket replica = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StaticFunctionEndpoints endpoints = new StaticFunctionEndpoints().ready("ns", "slow",
                    new Endpoint("127.0.0.1", replica.getLocalPort()));
            HttpFunctionCaller caller = new HttpFunctionCaller(endpoints, Duration.ofSeconds(1));

            CompletableFuture<CallResult> call = caller.call("ns", "slow", new FunctionEvent("id-1", Instant.now(),
                    "cron.nubo.dev", "dev.nubo.cron.tick", null, null, Map.of()));
            try (Socket connection = replica.accept()) {
                connection.setSoTimeout(5_000);
                InputStream in = connection.getInputStream();
                String head = readHead(in);
                assertThat(head).startsWith("POST / HTTP/1.1").contains("event-id: id-1");

                call.cancel(true); // the replica never answers: only the cancel can end this call now

                assertThat(in.read()).as("the caller closed the connection").isEqualTo(-1);
            }
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return new String(head.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
