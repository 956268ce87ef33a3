package dev.nubo.triggers.gateway;

import dev.nubo.core.problem.ProblemBody;
import dev.nubo.core.problem.ProblemCodes;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own answers, as RFC 9457 problem details with a stable {@code code} clients can branch on (the
 * codes and type URIs the API uses too). A function's own error responses never go through here: they pass unchanged.
 */
enum GatewayProblem {

    MALFORMED_REQUEST(HttpResponseStatus.BAD_REQUEST, ProblemCodes.MALFORMED_REQUEST, "Malformed request"),
    FUNCTION_NOT_FOUND(HttpResponseStatus.NOT_FOUND, ProblemCodes.FUNCTION_NOT_FOUND, "Function not found"),
    UNAUTHORIZED(HttpResponseStatus.UNAUTHORIZED, ProblemCodes.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpResponseStatus.FORBIDDEN, ProblemCodes.FORBIDDEN, "Forbidden"),
    LOGIN_LOCKED(HttpResponseStatus.TOO_MANY_REQUESTS, ProblemCodes.LOGIN_LOCKED, "Too many failed logins"),
    QUOTA_EXCEEDED(HttpResponseStatus.TOO_MANY_REQUESTS, ProblemCodes.QUOTA_EXCEEDED, "Quota exceeded"),
    METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED, ProblemCodes.METHOD_NOT_ALLOWED,
            "Method not allowed"),
    RATE_LIMITED(HttpResponseStatus.TOO_MANY_REQUESTS, ProblemCodes.RATE_LIMITED, "Too many requests"),
    PAYLOAD_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, ProblemCodes.PAYLOAD_TOO_LARGE,
            "Request body too large"),
    URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, ProblemCodes.URI_TOO_LONG, "Request target too long"),
    HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, ProblemCodes.HEADERS_TOO_LARGE,
            "Request headers too large"),
    UPSTREAM_FAILED(HttpResponseStatus.BAD_GATEWAY, ProblemCodes.UPSTREAM_FAILED, "Function replica failed"),
    FUNCTION_NOT_READY(HttpResponseStatus.SERVICE_UNAVAILABLE, ProblemCodes.FUNCTION_NOT_READY,
            "Function not ready"),
    FUNCTION_BUSY(HttpResponseStatus.SERVICE_UNAVAILABLE, ProblemCodes.FUNCTION_BUSY, "Function at capacity"),
    FUNCTION_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, ProblemCodes.FUNCTION_TIMEOUT, "Function timed out"),
    INTERNAL_ERROR(HttpResponseStatus.INTERNAL_SERVER_ERROR, ProblemCodes.INTERNAL_ERROR, "Gateway error");

    static final String MEDIA_TYPE = ProblemBody.MEDIA_TYPE;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpResponseStatus status;
    private final String code;
    private final String title;

    GatewayProblem(HttpResponseStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    HttpResponseStatus status() {
        return status;
    }

    /** A complete response; the caller decides about keep-alive. */
    FullHttpResponse toResponse(ByteBufAllocator alloc, String detail, String instance) {
        byte[] json = JSON.writeValueAsBytes(ProblemBody.of(status.code(), code, title, detail, instance));
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                alloc.buffer(json.length).writeBytes(json));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, MEDIA_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        return response;
    }
}
