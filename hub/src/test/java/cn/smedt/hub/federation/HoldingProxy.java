package cn.smedt.hub.federation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy on a free loopback port in front of a hub node, which can make that node hang for its callers: while
 * {@link #hold}ing, the bytes callers send are kept (the connection is open, nothing is answered) until
 * {@link #release}, when they reach the node, as if it had been stuck and then went on.
 */
final class HoldingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    HoldingProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "holding-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return cn.smedt.hub.HubNode.url(server.getLocalPort());
    }

    /** From now on, what callers send is kept back. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** What was kept back goes on to the node, and so does everything after. */
    void release() {
        gate.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket node = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
                sockets.add(client);
                sockets.add(node);
                pump(client, node, true);
                pump(node, client, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean held) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (held) {
                        gate.await();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a side closed: the other side is closed with it
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "holding-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        release();
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(HoldingProxy::closeQuietly);
    }
}
