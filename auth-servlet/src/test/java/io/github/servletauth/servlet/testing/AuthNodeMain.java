package io.github.servletauth.servlet.testing;

import io.github.servletauth.core.AuthConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link AuthNode} in a JVM of its own, for the restart tests ({@code RestartContract}): arguments are
 * {@code key=value} configuration pairs (the secret, if any, comes from the environment); prints
 * {@code port=<n>} once it serves, then runs until killed. SIGTERM closes it through a shutdown hook; SIGKILL gives it no chance.
 */
public final class AuthNodeMain {

    private AuthNodeMain() {
    }

    /**
     * @param args {@code key=value} configuration pairs
     * @throws Exception if the node cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            config.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        AuthNode node = new AuthNode(AuthConfig.fromSources(config));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "auth-node-shutdown"));
        System.out.println("port=" + node.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
