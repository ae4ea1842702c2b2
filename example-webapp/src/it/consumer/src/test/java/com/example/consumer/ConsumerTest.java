package com.example.consumer;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.servlet.JwtFilter;
import io.github.servletauth.servlet.LoginServlet;
import io.github.servletauth.servlet.RegisterServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A team's own code: servlet-auth wired in code on an embedded Jetty 12, from the published artifacts only. */
class ConsumerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void loginThenProtectedCallWhenWiredInCodeThenServletSeesTheUser() throws Exception {
        try (AuthService auth = AuthService.create(AuthConfig.fromSources(Map.of("auth.data-dir", data.toString())))) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new ServletHolder(new RegisterServlet(auth)), "/auth/register");
            context.addServlet(new ServletHolder(new LoginServlet(auth)), "/auth/login");
            context.addFilter(new FilterHolder(new JwtFilter(auth.tokenVerifier(), "consumer", List.of(), false)),
                    "/api/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new MeServlet()), "/api/me");
            server.setHandler(context);
            server.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
                String credentials = "{\"username\":\"consumer\",\"password\":\"a consumer's passphrase\"}";
                assertEquals(201, post(base.resolve("auth/register"), credentials).statusCode());
                HttpResponse<String> login = post(base.resolve("auth/login"), credentials);
                assertEquals(200, login.statusCode(), login.body());
                Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
                assertTrue(token.find(), login.body());

                HttpResponse<String> me = http.send(HttpRequest.newBuilder(base.resolve("api/me"))
                        .header("Authorization", "Bearer " + token.group(1)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, me.statusCode());
                assertEquals("consumer user=true admin=false", me.body());
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(base.resolve("api/me")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, anonymous.statusCode());
            } finally {
                server.stop();
            }
        }
    }

    /**
     * What the README's accounts dependencies add to this project's WAR: our libraries, the accounts jars it
     * declares, the SQLite driver it chose (no PostgreSQL driver comes along), never a test library.
     */
    @Test
    void runtimeClasspathWhenAccountsDependenciesThenExactlyThoseJars() throws IOException {
        Set<String> runtime = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+([\\w.-]+):([\\w.-]+):jar:[^:\\s]+:(compile|runtime)")
                .matcher(Files.readString(Path.of("target/runtime-dependencies.txt")));
        while (m.find()) {
            runtime.add(m.group(1) + ":" + m.group(2));
        }
        assertEquals(new TreeSet<>(Set.of("io.github.servletauth:auth-servlet", "io.github.servletauth:auth-core",
                "org.bitbucket.b_c:jose4j", "org.springframework.security:spring-security-crypto",
                "commons-logging:commons-logging", "com.zaxxer:HikariCP", "org.xerial:sqlite-jdbc",
                "org.slf4j:slf4j-api")), runtime);
        for (String forbidden : List.of("junit", "mockito", "assertj", "jetty", "servlet-api", "slf4j-simple",
                "selenium", "opentest4j")) {
            assertTrue(runtime.stream().noneMatch(a -> a.contains(forbidden)), forbidden + " leaked: " + runtime);
        }
    }

    /** The javax classifier is published beside the jar: the same classes against javax.servlet. */
    @Test
    void javaxClassifierWhenResolvedThenItsClassesUseJavaxServlet() throws IOException {
        Path jar = Path.of("target/javax/auth-servlet-" + System.getProperty("servlet-auth.version") + "-javax.jar");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String filter = new String(zip.getInputStream(zip.getEntry("io/github/servletauth/servlet/JwtFilter.class"))
                    .readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(filter.contains("javax/servlet/Filter"));
            assertFalse(filter.contains("jakarta/servlet"));
            String manifest = new String(zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(manifest.contains("Automatic-Module-Name: io.github.servletauth.servlet"), manifest);
        }
    }

    private HttpResponse<String> post(URI uri, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The team's protected servlet: plain Servlet API. */
    static final class MeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().print(req.getRemoteUser() + " user=" + req.isUserInRole("user")
                    + " admin=" + req.isUserInRole("admin"));
        }
    }
}
