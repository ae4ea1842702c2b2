package io.github.servletauth.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's one command to start the example, exactly as written between the {@code run-command}
 * markers, in a fresh copy of the sources (as a newcomer's clone, and so that it cannot disturb this build's
 * output), on another port than 8080 and with a throw-away data directory; probes the page, runs the whole
 * flow against it and stops it.
 */
class ReadmeRunCommandIT {

    private static final Path REPO = Path.of(System.getProperty("example.repo", ".."));
    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));
    private static final Pattern RUN_COMMAND = Pattern.compile(
            "<!-- run-command[^>]*-->\\s*```[a-z]*\\n(.*?)\\n```\\s*<!-- /run-command -->", Pattern.DOTALL);
    private static final Set<String> NOT_COPIED = Set.of("target", ".git", ".idea", ".vscode");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void readmeRunCommandServesTheExampleAndStopsCleanly() throws Exception {
        String command = readmeRunCommand();
        assertThat(command).startsWith("mvn ").doesNotContain("\n");
        Path work = Files.createDirectories(WORK.resolve("readme-" + System.nanoTime()));
        Path clone = copySources(work.resolve("clone"));
        int port = ContainerProcess.freePort();

        List<String> line = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        line.set(0, maven());
        // the README command with the port moved off 8080 and this build's Maven settings
        line.addAll(List.of("-B", "-Djetty.http.port=" + port,
                "-Dmaven.repo.local=" + System.getProperty("example.maven.repo")));
        if ("offline=true".equals(System.getProperty("example.maven.offline"))) {
            line.add("-o");
        }
        ProcessBuilder builder = new ProcessBuilder(line).directory(clone.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mvn.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_"));
        builder.environment().put("AUTH_DATA_DIR", work.resolve("data").toString());
        Process mvn = builder.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            awaitPage(mvn, base, work.resolve("mvn.log"));
            AuthFlow.run(base);
            assertThat(work.resolve("data/accounts.db")).isRegularFile();
        } finally {
            ContainerProcess.stopTree(mvn.toHandle());
            ContainerProcess.awaitPortFree(port);
        }
    }

    /** The one line between {@code <!-- run-command -->} and {@code <!-- /run-command -->} in the README. */
    static String readmeRunCommand() throws IOException {
        Matcher m = RUN_COMMAND.matcher(Files.readString(REPO.resolve("README.md")));
        assertThat(m.find()).as("README.md has a run-command block").isTrue();
        return m.group(1).trim();
    }

    private static Path copySources(Path target) throws IOException {
        Path root = REPO.toRealPath();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> notExcluded(root.relativize(f))).toList()) {
                Path to = target.resolve(root.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    private static boolean notExcluded(Path relative) {
        for (Path part : relative) {
            if (NOT_COPIED.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    private static String maven() {
        String home = System.getProperty("example.maven.home");
        Path mvn = home == null ? null : Path.of(home, "bin", "mvn");
        return mvn != null && Files.isRegularFile(mvn) ? mvn.toString() : "mvn";
    }

    private static void awaitPage(Process mvn, URI base, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!mvn.isAlive()) {
                throw new AssertionError("the README command exited with " + mvn.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> page = client.send(probe, HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 200 && page.body().contains("servlet-auth example")) {
                    return;
                }
            } catch (IOException notYet) {
                // still building or starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the README command did not serve the page within " + START_TIMEOUT + ":\n"
                + Files.readString(log));
    }
}
