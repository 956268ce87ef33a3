package dev.nubo.api.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import dev.nubo.core.problem.ProblemBody;
import dev.nubo.core.problem.ProblemCodes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers — requests it refuses before any servlet sees them (a NUL or a broken escape in the
 * path, an unparseable request line) — as problem details instead of Tomcat's HTML page, so every refusal of this
 * port reads the same.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code = status == 404 ? ProblemCodes.NOT_FOUND : ProblemCodes.MALFORMED_REQUEST;
        String detail = status >= 500 ? "the server could not answer this request" : "the request cannot be read";
        try {
            response.setContentType(ProblemBody.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ProblemBody.of(status, code, title(status), detail, null)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed: nothing more to say
        }
    }

    private static String title(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
