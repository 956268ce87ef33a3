package dev.nubo.runtime.java.http;

import java.io.IOException;
import java.io.OutputStream;

import com.sun.net.httpserver.HttpExchange;

/** Sending replies with HttpServer's quirks handled: every response gets a Content-Length. */
final class Exchanges {

    private Exchanges() {
    }

    static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        int length = reply.body().length;
        if (exchange.getRequestMethod().equals("HEAD")) {
            // HttpServer sends no Content-Length of its own for HEAD: state what GET would send
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
            exchange.sendResponseHeaders(reply.status(), -1);
        } else if (length == 0) {
            // -1 means "no body" (Content-Length: 0); 0 would mean chunked
            exchange.sendResponseHeaders(reply.status(), -1);
        } else {
            exchange.sendResponseHeaders(reply.status(), length);
            OutputStream out = exchange.getResponseBody();
            out.write(reply.body());
            // flushed before close: closing first drains an unread request body, which may block
            out.flush();
        }
        exchange.close();
    }
}
