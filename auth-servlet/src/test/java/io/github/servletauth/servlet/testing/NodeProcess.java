package io.github.servletauth.servlet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link AuthNodeMain} started in a separate JVM with the test class path; killed with SIGTERM or SIGKILL. */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    /**
     * @param config {@code auth.*} keys and values, passed as arguments
     * @param environment extra environment variables (the secret)
     * @param log where the JVM's standard error goes
     */
    public NodeProcess(Map<String, String> config, Map<String, String> environment, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classPath(),
                AuthNodeMain.class.getName()));
        config.forEach((k, v) -> command.add(k + "=" + v));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("the node process did not start; see " + log, e);
        }
        if (line == null || !line.startsWith("port=")) {
            process.destroyForcibly();
            throw new AssertionError("the node process did not start (" + line + "); see " + log);
        }
        port = Integer.parseInt(line.substring("port=".length()));
    }

    /** The class path of this test run (surefire/failsafe pass it in a property when they use a manifest jar). */
    private static String classPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path == null || path.isBlank() ? System.getProperty("java.class.path") : path;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/app/");
    }

    /** SIGKILL: no shutdown hook, no flush, no close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the JVM runs its shutdown hooks, which stop Jetty and close the service. */
    public void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the node did not stop on SIGTERM within 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
