package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica that answers the first request of each connection with keep-alive, then closes that connection when
 * the next request arrives, without answering: the race of a replica closing an idle connection just as the
 * gateway reuses it.
 */
final class ForgetfulUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    ForgetfulUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    Endpoint endpoint() {
        return new Endpoint("127.0.0.1", server.getLocalPort());
    }

    int answered() {
        return answered.get();
    }

    int dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serveOnce(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serveOnce(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            readRequest(in);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nanswered")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answered.incrementAndGet();
            if (in.read() >= 0) {
                dropped.incrementAndGet();
            }
        } catch (IOException ignored) {
            // the gateway went away: nothing to answer
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).trim()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
