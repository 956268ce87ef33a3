package dev.nubo.controller.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out loopback ports the OS says are free, never the same one twice while it is in use: the OS may offer a
 * port again as soon as the probe socket closes, before the replica that got it has bound it.
 */
public class FreePorts {

    private final InetAddress address;
    private final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    public FreePorts(String host) {
        try {
            this.address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int take() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, address)) {
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on " + address, e);
            }
        }
        throw new IllegalStateException("no free port on " + address);
    }

    public void release(int port) {
        handedOut.remove(port);
    }
}
