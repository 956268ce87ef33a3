package dev.nubo.triggers.gateway;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Set;

/**
 * Turns a caller's request into the one a replica receives: the path after the function, no hop-by-hop headers, no
 * credentials unless the function asks for them, forwarding headers and the event headers. Edits the request in
 * place: the aggregated request is ours alone, and copying its headers would cost on every call.
 */
final class UpstreamRequestHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString HTTP = AsciiString.cached("http");

    /** Methods whose requests have no body unless they say so. */
    private static final Set<HttpMethod> BODILESS_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private final SessionCookieFilter sessionCookie;
    private final EventHeaders eventHeaders = new EventHeaders();

    UpstreamRequestHeaders(String sessionCookieName) {
        this.sessionCookie = new SessionCookieFilter(sessionCookieName);
    }

    void prepare(FullHttpRequest request, String upstreamUri, String upstreamHost, String clientAddress,
            boolean forwardCredentials) {
        request.setUri(upstreamUri);
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpHeaders headers = request.headers();
        HopByHopHeaders.strip(headers);
        headers.remove(HttpHeaderNames.EXPECT);
        if (!forwardCredentials) {
            headers.remove(HttpHeaderNames.AUTHORIZATION);
            sessionCookie.strip(headers);
        }
        addForwarding(headers, clientAddress);
        headers.set(HttpHeaderNames.HOST, upstreamHost);
        setBodyLength(request);
        eventHeaders.apply(headers);
    }

    /**
     * The body is buffered: a replica always gets a length, never chunks (Python's stdlib cannot read those). A GET
     * without a body gets no {@code Content-Length: 0}: every header costs a Python replica parsing time.
     */
    private static void setBodyLength(FullHttpRequest request) {
        int length = request.content().readableBytes();
        if (length == 0 && BODILESS_METHODS.contains(request.method())) {
            request.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        } else {
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        }
    }

    /** X-Forwarded-Proto and -Host set by a proxy in front of the gateway (an ingress) are kept. */
    private static void addForwarding(HttpHeaders headers, String clientAddress) {
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, forwardedFor == null ? clientAddress : forwardedFor + ", " + clientAddress);
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, HTTP);
        }
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null && !headers.contains(X_FORWARDED_HOST)) {
            headers.set(X_FORWARDED_HOST, host);
        }
    }
}
