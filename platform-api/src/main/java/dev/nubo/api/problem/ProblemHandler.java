package dev.nubo.api.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/**
 * Every error of the API as problem details with a stable {@code code}: 4xx for what the client can fix; 5xx
 * without stack traces or class names in the body (those go to the platform log).
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return Problems.response(Problems.of(e));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return Problems.response(400, ProblemCodes.MALFORMED_REQUEST, "the request body is not valid JSON");
    }

    /** A multipart content type without a boundary, or a broken multipart body (resolved before any controller). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return Problems.response(400, ProblemCodes.MALFORMED_REQUEST, "the multipart request body cannot be read");
    }

    /**
     * Request parameters that cannot be decoded (a form body with a broken %-escape) or that the security firewall
     * refuses (control characters, odd names): both surface while a controller reads its parameters.
     */
    @ExceptionHandler({RequestRejectedException.class, org.apache.tomcat.util.http.InvalidParameterException.class})
    ResponseEntity<ProblemDetail> rejected(RuntimeException e) {
        return Problems.response(400, ProblemCodes.MALFORMED_REQUEST, "the request's parameters cannot be read");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return Problems.response(415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE,
                "send application/json (or application/yaml for Kubeless manifests)");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return Problems.response(406, ProblemCodes.MALFORMED_REQUEST, "this resource is served as application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return Problems.response(405, ProblemCodes.METHOD_NOT_ALLOWED,
                e.getMethod() + " is not supported here; allowed: " + e.getSupportedHttpMethods());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return Problems.response(404, ProblemCodes.NOT_FOUND, "no such resource: /" + e.getResourcePath());
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ProblemDetail> parameter(Exception e) {
        return Problems.response(400, ProblemCodes.MALFORMED_REQUEST, "invalid request parameter: " + parameterName(e));
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> store(DataAccessException e) {
        log.error("store failure", e);
        return Problems.response(503, ProblemCodes.STORE_UNAVAILABLE,
                "the store cannot be reached or refused the write; nothing was changed");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return Problems.response(500, ProblemCodes.INTERNAL_ERROR, "an unexpected error occurred; see the platform log");
    }

    private static String parameterName(Exception e) {
        if (e instanceof MethodArgumentTypeMismatchException m) {
            return m.getName();
        }
        if (e instanceof MissingServletRequestParameterException m) {
            return m.getParameterName();
        }
        return "?";
    }
}
