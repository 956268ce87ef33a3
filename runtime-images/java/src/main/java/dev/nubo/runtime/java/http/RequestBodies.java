package dev.nubo.runtime.java.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.sun.net.httpserver.HttpExchange;

/** Reads request bodies (fixed length or chunked) up to a limit. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** Thrown when the body is larger than the limit; the rest of it is left unread. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    static byte[] read(HttpExchange exchange, long limit) throws IOException, TooLarge {
        long declared = declaredLength(exchange);
        if (declared > limit) {
            throw new TooLarge();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buffer = new byte[16384];
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (body.size() + (long) n > limit) {
                    throw new TooLarge();
                }
                body.write(buffer, 0, n);
            }
        }
        return body.toByteArray();
    }

    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
