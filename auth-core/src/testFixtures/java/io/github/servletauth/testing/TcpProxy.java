package io.github.servletauth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that a test can {@link #cut()} (close every current connection, then accept new
 * ones but never answer, like a network that drops packets) and {@link #restore()}. Plain java.net; one
 * thread per direction per connection, which is plenty for a connection pool.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> forwarding = ConcurrentHashMap.newKeySet();
    private final Set<Socket> blackholed = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private boolean cut;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every forwarded connection; new connections are accepted and then ignored. */
    public void cut() {
        synchronized (lock) {
            cut = true;
            closeAll(forwarding);
        }
    }

    /** Forwards new connections again; the ones accepted while cut are closed so their clients give up. */
    public void restore() {
        synchronized (lock) {
            cut = false;
            closeAll(blackholed);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeAll(forwarding);
        closeAll(blackholed);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
                // decided under the lock, so that a connection cannot slip through while cut() closes the others
                synchronized (lock) {
                    if (cut) {
                        closeQuietly(upstream);
                        blackholed.add(client);
                        continue;
                    }
                    forwarding.add(client);
                    forwarding.add(upstream);
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                forwarding.remove(from);
                forwarding.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeAll(Set<Socket> sockets) {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
