package io.github.servletauth.servlet.testing;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.util.function.Consumer;

/** An embedded Jetty 12 (ee10) on a free loopback port, with one or more servlet contexts. */
public final class JettyApp implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final Handler.Sequence contexts = new Handler.Sequence();

    public JettyApp() {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
    }

    /** Adds a context at {@code path}, configured by {@code setup}; call before {@link #start()}. */
    public JettyApp context(String path, Consumer<ServletContextHandler> setup) {
        ServletContextHandler context = new ServletContextHandler(path);
        setup.accept(context);
        contexts.addHandler(context);
        return this;
    }

    /**
     * Opens the connector before the contexts start, for a context whose configuration names the server's own
     * URL (a filter fetching keys from a sibling context).
     *
     * @return the port it listens on
     */
    public int reservePort() throws Exception {
        connector.open();
        return connector.getLocalPort();
    }

    public JettyApp start() throws Exception {
        server.start();
        Http.reset();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** @return the absolute URI of {@code path} (which includes the context path) */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
