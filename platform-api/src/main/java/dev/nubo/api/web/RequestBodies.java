package dev.nubo.api.web;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/** Reads request bodies with a hard size limit (413 beyond it, without reading the rest). */
public final class RequestBodies {

    private RequestBodies() {
    }

    public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            // one byte past the limit tells a body over it; memory grows with what arrives (a create's few hundred
            // bytes allocated a 64 KiB copy buffer each while 1,000 functions were created)
            byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        }
    }

    private static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(413, ProblemCodes.PAYLOAD_TOO_LARGE, "Payload too large",
                "the request body is larger than " + maxBytes / (1024 * 1024) + " MiB");
    }
}
