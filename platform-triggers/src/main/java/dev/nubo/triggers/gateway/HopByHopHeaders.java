package dev.nubo.triggers.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/** Headers that describe one connection (RFC 9110 §7.6.1): a proxy drops them in both directions. */
final class HopByHopHeaders {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString[] FIXED = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, PROXY_CONNECTION,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
        HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
    };

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            stripNamedInConnection(headers.getAll(HttpHeaderNames.CONNECTION), headers);
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }

    /** {@code Connection: close, X-Foo} makes X-Foo hop-by-hop too. */
    private static void stripNamedInConnection(List<String> connectionValues, HttpHeaders headers) {
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
    }
}
