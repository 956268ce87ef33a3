package dev.nubo.controller.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpServer;

class SourceFetcherTest {

    private final SourceFetcher strict = new SourceFetcher(false, 1024 * 1024, Duration.ofSeconds(5));

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/f.zip", "http://localhost/f.zip", "http://[::1]/f.zip",
            "http://[::ffff:127.0.0.1]/f.zip", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/f.zip",
            "http://192.168.1.1/f.zip", "http://172.16.0.1/f.zip", "http://0.0.0.0/f.zip", "http://100.64.0.1/f.zip",
            "http://[fd00::1]/f.zip", "file:///etc/passwd", "ftp://example.com/f.zip", "gopher://127.0.0.1/"})
    void refusesInternalAddressesAndOtherSchemesBeforeConnecting(String url) {
        assertThatThrownBy(() -> strict.fetch(url, "0".repeat(64)))
                .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.reason()).isEqualTo("SourceFetchFailed"));
    }

    @Test
    void classifiesAddresses() throws Exception {
        assertThat(SourceFetcher.isInternal(InetAddress.getByName("8.8.8.8"))).isFalse();
        assertThat(SourceFetcher.isInternal(InetAddress.getByName("127.0.0.2"))).isTrue();
        assertThat(SourceFetcher.isInternal(InetAddress.getByName("fe80::1"))).isTrue();
    }

    @Test
    void aDownloadMustMatchItsChecksum() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger served = new AtomicInteger();
        server.createContext("/f.py", exchange -> {
            served.incrementAndGet();
            byte[] body = "print('hi')".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            SourceFetcher lenient = new SourceFetcher(true, 1024, Duration.ofSeconds(5));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/f.py";
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("print('hi')".getBytes()));

            assertThat(new String(lenient.fetch(url, sha))).isEqualTo("print('hi')");
            assertThatThrownBy(() -> lenient.fetch(url, "0".repeat(64)))
                    .isInstanceOfSatisfying(BuildException.class, e -> {
                        assertThat(e.reason()).isEqualTo("SourceInvalid");
                        assertThat(e.getMessage()).contains(sha);
                    });
            assertThatThrownBy(() -> strict.fetch(url, sha)).isInstanceOf(BuildException.class);
            assertThat(served.get()).as("the strict fetcher never connected").isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }
}
