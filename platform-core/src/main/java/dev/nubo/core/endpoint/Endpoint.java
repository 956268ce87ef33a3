package dev.nubo.core.endpoint;

import java.net.URI;

/** A ready replica of a function: where its runtime server listens. */
public record Endpoint(String host, int port) {

    public URI uri() {
        return URI.create("http://" + host + ":" + port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
