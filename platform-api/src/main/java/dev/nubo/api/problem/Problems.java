package dev.nubo.api.problem;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.nubo.core.problem.ProblemBody;
import dev.nubo.core.problem.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/** Builds RFC 9457 problem responses for Spring MVC, in the shape of {@link ProblemBody}. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** Writes a problem straight to a servlet response: for filters, which run before Spring MVC's handlers. */
    public static void write(HttpServletResponse response, int status, String code, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(ProblemBody.MEDIA_TYPE);
        JSON.writeValue(response.getOutputStream(),
                ProblemBody.of(status, code, HttpStatus.valueOf(status).getReasonPhrase(), detail, null));
    }

    public static ProblemDetail detail(int status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(ProblemBody.typeUri(code)));
        problem.setTitle(title != null ? title : HttpStatus.valueOf(status).getReasonPhrase());
        problem.setDetail(detail);
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail of(ProblemException e) {
        ProblemDetail problem = detail(e.status(), e.code(), e.title(), e.detail());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    public static ResponseEntity<ProblemDetail> response(int status, String code, String detail) {
        return response(detail(status, code, null, detail));
    }

    public static ResponseEntity<ProblemDetail> response(int status, String code, String detail,
            Map<String, Object> properties) {
        ProblemDetail problem = detail(status, code, null, detail);
        properties.forEach(problem::setProperty);
        return response(problem);
    }
}
