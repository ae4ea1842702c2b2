package io.github.servletauth.servlet.jaspic;

import io.github.servletauth.servlet.testing.Http;
import io.github.servletauth.servlet.testing.TomcatApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The registration's settings: documented as they are read, and refused at start when wrong. */
class JaspicRegistrationTest {

    @TempDir
    Path dir;

    @Test
    void readmeTableWhenComparedThenNamesEveryContextParamTheListenerReads() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher rows = Pattern.compile("\\n\\| `" + Pattern.quote(JaspicRegistration.PREFIX) + "([a-z-]+)` \\|")
                .matcher(readme);
        Set<String> documented = new TreeSet<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }

        assertThat(documented).isEqualTo(new TreeSet<>(JaspicRegistration.NAMES));
    }

    @Test
    void contextInitializedWhenContextParamMisspelledThenWebappDoesNotStart() throws Exception {
        String webXml = """
                  <listener><listener-class>io.github.servletauth.servlet.jaspic.JaspicRegistration</listener-class></listener>
                  <context-param><param-name>auth.jwt.secret</param-name>
                    <param-value>0123456789abcdef0123456789abcdef0123456789abcdef</param-value></context-param>
                  <context-param><param-name>auth.http.jaspic.%s</param-name><param-value>/signin</param-value></context-param>
                  <servlet><servlet-name>probe</servlet-name>
                    <servlet-class>io.github.servletauth.servlet.testing.ProbeServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>probe</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                """;
        try (TomcatApp tomcat = new TomcatApp(dir)
                .webapp("/typo", JaspicTomcatTest.webXml(webXml.formatted("sign-in-url")))
                .webapp("/fine", JaspicTomcatTest.webXml(webXml.formatted("signin-url"))).start()) {
            assertThat(Http.send("GET", tomcat.uri("/fine/page")).statusCode()).isEqualTo(200);
            assertThat(Http.send("GET", tomcat.uri("/typo/page")).statusCode()).isEqualTo(404);
        }
    }
}
