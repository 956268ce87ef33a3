package dev.nubo.api.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.problem.ProblemCodes;

/**
 * Errors raised outside Spring MVC (a servlet filter, the container) reach {@code /error}; Boot's default answers them
 * in its own JSON shape. This keeps them problem details too.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
        return switch (code) {
            case 400 -> Problems.response(400, ProblemCodes.MALFORMED_REQUEST, "the request could not be read");
            case 401 -> Problems.response(401, ProblemCodes.UNAUTHORIZED, "authentication required");
            case 403 -> Problems.response(403, ProblemCodes.FORBIDDEN, "not allowed");
            case 404 -> Problems.response(404, ProblemCodes.NOT_FOUND, "no such resource");
            case 405 -> Problems.response(405, ProblemCodes.METHOD_NOT_ALLOWED, "method not allowed");
            case 413 -> Problems.response(413, ProblemCodes.PAYLOAD_TOO_LARGE, "the request body is too large");
            default -> Problems.response(code >= 400 && code < 600 ? code : 500,
                    code >= 500 || code < 400 ? ProblemCodes.INTERNAL_ERROR : ProblemCodes.MALFORMED_REQUEST,
                    "the request failed");
        };
    }
}
