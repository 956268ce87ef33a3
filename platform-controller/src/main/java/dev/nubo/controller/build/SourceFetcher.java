package dev.nubo.controller.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.source.Checksums;

/**
 * Downloads URL sources: http(s) only, no redirects to other places than http(s), a size cap, and the content must
 * match the function's sha256. Unless allowed, a URL whose host resolves to a loopback, private, link-local (cloud
 * metadata) or otherwise internal address is refused before any connection is made (SSRF).
 */
public class SourceFetcher {

    private static final int MAX_REDIRECTS = 3;
    private static final Set<String> SCHEMES = Set.of("http", "https");

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final boolean allowPrivate;
    private final long maxBytes;
    private final Duration timeout;

    public SourceFetcher(boolean allowPrivate, long maxBytes, Duration timeout) {
        this.allowPrivate = allowPrivate;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    public byte[] fetch(String url, String sha256) throws BuildException, InterruptedException {
        URI uri = URI.create(url);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            checkAllowed(uri);
            HttpResponse<InputStream> response;
            try {
                response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw fetchFailed("cannot download " + url + ": " + e.getMessage(), e);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                close(response);
                uri = uri.resolve(response.headers().firstValue("location").get());
                continue;
            }
            if (status != 200) {
                close(response);
                throw fetchFailed("downloading " + url + " answered HTTP " + status, null);
            }
            byte[] content = read(response.body(), url);
            verify(content, sha256, url);
            return content;
        }
        throw fetchFailed("too many redirects from " + url, null);
    }

    private void checkAllowed(URI uri) throws BuildException {
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
            throw fetchFailed("only http and https sources are allowed: " + uri, null);
        }
        if (allowPrivate) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isInternal(address)) {
                    throw fetchFailed("source host " + uri.getHost() + " resolves to the internal address "
                            + address.getHostAddress() + ", which functions may not fetch from", null);
                }
            }
        } catch (UnknownHostException e) {
            throw fetchFailed("unknown source host " + uri.getHost(), e);
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc) {
            return true; // IPv6 unique local fc00::/7
        }
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        return false;
    }

    private byte[] read(InputStream body, String url) throws BuildException {
        try (body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw fetchFailed(url + " is larger than " + maxBytes / (1024 * 1024) + " MiB", null);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw fetchFailed("cannot download " + url + ": " + e.getMessage(), e);
        }
    }

    private static void verify(byte[] content, String expected, String url) throws BuildException {
        String actual = Checksums.sha256(content);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BuildException(FunctionConditions.REASON_SOURCE_INVALID,
                    "sha256 of " + url + " is " + actual + ", the function expects " + expected);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing to do with a body we do not read
        }
    }

    private static BuildException fetchFailed(String message, Throwable cause) {
        return new BuildException(FunctionConditions.REASON_SOURCE_FETCH_FAILED, message, cause);
    }
}
