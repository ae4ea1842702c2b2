package io.github.servletauth.example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A real, unmodified servlet container (unpacked by the maven-dependency-plugin under target/containers)
 * running as a separate process on a free loopback port, with the example WAR as its root webapp and the
 * servlet-auth configuration in environment variables. {@link #close()} stops the whole process tree and
 * waits until the port is free again, whatever happened before.
 */
final class ContainerProcess implements AutoCloseable {

    /**
     * The containers of the deployment matrix; each home directory comes from a failsafe system property, and
     * so does the WAR each one gets: the plain (jakarta) WAR, or the {@code -javax} WAR for Servlet 4.
     */
    enum Kind {
        TOMCAT_9("tomcat9.home", "example.javax.war"), TOMCAT_10("tomcat10.home", "example.war"),
        TOMCAT_11("tomcat11.home", "example.war"), JETTY_12("jetty.home", "example.war");

        private final String homeProperty;
        private final String warProperty;

        Kind(String homeProperty, String warProperty) {
            this.homeProperty = homeProperty;
            this.warProperty = warProperty;
        }

        Path war() {
            String war = System.getProperty(warProperty);
            if (war == null) {
                throw new IllegalStateException("system property " + warProperty + " not set: run through failsafe");
            }
            return Path.of(war);
        }

        /** @return whether this container runs Servlet 4 (javax.servlet), so webapps need the javax jars */
        boolean javax() {
            return warProperty.equals("example.javax.war");
        }

        Path home() {
            String home = System.getProperty(homeProperty);
            if (home == null) {
                throw new IllegalStateException("system property " + homeProperty + " not set: run through failsafe");
            }
            return Path.of(home);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** A container that answers but not with the page for this long has failed to deploy the WAR. */
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(20);

    private final Kind kind;
    private final Process process;
    private final Path work;
    private final Path log;
    private final int port;

    private ContainerProcess(Kind kind, Process process, Path work, int port) {
        this.kind = kind;
        this.process = process;
        this.work = work;
        this.log = work.resolve("container.log");
        this.port = port;
    }

    /** More to put into the container's base before it starts (other webapps, context descriptors). */
    @FunctionalInterface
    interface BaseSetup {
        BaseSetup NONE = (base, port) -> { };

        void prepare(Path base, int port) throws Exception;
    }

    /**
     * Starts the container with the WAR as its root webapp and waits until {@code GET /} answers 200.
     *
     * @param env the {@code AUTH_*} variables; inherited {@code AUTH_*} variables are removed
     * @param work a fresh directory for the container's base and log
     */
    static ContainerProcess start(Kind kind, Map<String, String> env, Path work) throws Exception {
        return start(kind, env, work, BaseSetup.NONE);
    }

    /** As {@link #start(Kind, Map, Path)}, with {@code setup} run on the prepared base before the start. */
    static ContainerProcess start(Kind kind, Map<String, String> env, Path work, BaseSetup setup) throws Exception {
        return start(kind, port -> env, work, setup);
    }

    /**
     * As {@link #start(Kind, Map, Path)}, for variables that name the container's own URL (such as
     * {@code AUTH_JWT_ISSUER}): {@code env} is given the port the container will listen on.
     */
    static ContainerProcess start(Kind kind, IntFunction<Map<String, String>> env, Path work) throws Exception {
        return start(kind, env, work, BaseSetup.NONE);
    }

    private static ContainerProcess start(Kind kind, IntFunction<Map<String, String>> envForPort, Path work,
                                          BaseSetup setup) throws Exception {
        Path war = kind.war();
        Files.createDirectories(work);
        Path log = work.resolve("container.log");
        int port = freePort();
        Map<String, String> env = envForPort.apply(port);
        ProcessBuilder builder = switch (kind) {
            case TOMCAT_9, TOMCAT_10, TOMCAT_11 -> tomcat(kind.home(), war, work.resolve("base"), port);
            case JETTY_12 -> jetty(kind.home(), war, work.resolve("base"), port);
        };
        setup.prepare(work.resolve("base"), port);
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        ContainerProcess container = new ContainerProcess(kind, builder.start(), work, port);
        try {
            container.awaitReady();
        } catch (Exception | AssertionError e) {
            container.close();
            throw e;
        }
        return container;
    }

    /** Tomcat without its scripts (no chmod needed): Bootstrap with its own catalina.base. */
    private static ProcessBuilder tomcat(Path home, Path war, Path base, int port) throws IOException {
        Files.createDirectories(base.resolve("webapps"));
        for (String dir : List.of("logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, conf.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // the distribution's server.xml, with the shutdown port disabled and the connector on loopback
        String serverXml = Files.readString(conf.resolve("server.xml"))
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replaceFirst("<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\"");
        Files.writeString(conf.resolve("server.xml"), serverXml);
        Files.copy(war, base.resolve("webapps/ROOT.war"));
        List<String> command = new ArrayList<>(List.of(java(),
                "-cp", home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + conf.resolve("logging.properties"),
                // what catalina.sh adds on Java 9+ for its memory-leak protection
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "org.apache.catalina.startup.Bootstrap", "start"));
        return new ProcessBuilder(command).directory(base.toFile());
    }

    /**
     * Jetty: a fresh jetty-base with the http, ee10-deploy and ee10-jsp modules (JSP pages, as Tomcat serves
     * them out of the box, for server-rendered webapps deployed beside the WAR), the WAR as webapps/ROOT.war.
     */
    private static ProcessBuilder jetty(Path home, Path war, Path base, int port) throws Exception {
        Files.createDirectories(base);
        Path setupLog = base.resolve("add-modules.log");
        Process setup = new ProcessBuilder(java(), "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "--add-modules=http,ee10-deploy,ee10-jsp")
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(setupLog.toFile()).start();
        if (!setup.waitFor(60, TimeUnit.SECONDS) || setup.exitValue() != 0) {
            setup.destroyForcibly();
            throw new AssertionError("jetty --add-modules failed:\n" + Files.readString(setupLog));
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/ROOT.war"));
        return new ProcessBuilder(java(), "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base,
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port)
                .directory(base.toFile());
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(baseUri()).timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Instant deployDeadline = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(kind + " exited with " + process.exitValue() + ":\n" + diagnostics());
            }
            try {
                HttpResponse<String> response = client.send(probe, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("servlet-auth example")) {
                    return;
                }
                // the server is up but the webapp is not (yet): a failed deployment stays that way
                deployDeadline = deployDeadline != null ? deployDeadline : Instant.now().plus(DEPLOY_TIMEOUT);
                if (Instant.now().isAfter(deployDeadline)) {
                    throw new AssertionError(kind + " answers " + response.statusCode()
                            + " instead of the example page: the WAR did not deploy:\n" + diagnostics());
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(kind + " did not serve the example page within " + START_TIMEOUT + ":\n"
                + diagnostics());
    }

    /** The output, and the log files a Tomcat base keeps (they hold the stack traces of a failed deployment). */
    private String diagnostics() throws IOException {
        StringBuilder all = new StringBuilder(log());
        Path logs = work.resolve("base/logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.sorted().toList()) {
                    all.append("\n--- ").append(file.getFileName()).append(" ---\n").append(Files.readString(file));
                }
            }
        }
        return all.toString();
    }

    /** @return {@code http://127.0.0.1:<port>/} */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    int port() {
        return port;
    }

    Kind kind() {
        return kind;
    }

    /** @return everything the container wrote to stdout and stderr so far */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops the container (gracefully first, then forcibly) with all its child processes; frees its port. */
    @Override
    public void close() {
        stopTree(process.toHandle());
        awaitPortFree(port);
    }

    /** Terminates a process and its descendants: SIGTERM, up to 15 s for shutdown hooks, then SIGKILL. */
    static void stopTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + handle.pid() + " survived SIGKILL", e);
            }
        }
    }

    /** Waits until the port can be bound on loopback again; throws if it stays taken. */
    static void awaitPortFree(int port) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return;
            } catch (IOException taken) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("port " + port + " still in use after stopping the container");
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
