package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server-rendered legacy fixture (src/it/legacy-jsp-webapp: JSP pages and a Servlet 4.0 web.xml, no
 * classes, so the same files deploy on javax and jakarta containers) made into an exploded webapp with exactly
 * what auth-servlet/README.md tells a team whose pages browsers visit to add: the {@code browser-web-xml}
 * snippet in web.xml, and the four jars, with the {@code javax} auth-servlet jar on a Servlet 4 container and
 * the plain one elsewhere (both sets copied from the published artifacts by the pom).
 */
final class LegacyJspWebapp {

    /** The README snippet this webapp is built with. */
    static final String SNIPPET = "browser-web-xml";

    private LegacyJspWebapp() {
    }

    /**
     * @param target the webapp directory to create, e.g. {@code webapps/legacy} of a container's base
     * @param jwksUrl the JWKS endpoint of the accounts webapp
     * @param kind the container it is for, which decides the auth-servlet jar
     */
    static void build(Path target, String jwksUrl, Kind kind) throws IOException {
        Path source = LegacyWebapp.property("legacy.jsp.webapp.src");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Path webXml = target.resolve("WEB-INF/web.xml");
        Files.writeString(webXml, LegacyWebapp.withReadmeSnippet(Files.readString(webXml), SNIPPET, jwksUrl));
        LegacyWebapp.copyJars(jars(kind), target.resolve("WEB-INF"));
    }

    /** @return the jars the pom copied for {@code kind}: auth-servlet (javax or not), auth-core, jose4j, slf4j-api */
    static List<Path> jars(Kind kind) throws IOException {
        return LegacyWebapp.jarsIn(kind.javax() ? "legacy.webapp.lib" : "legacy.webapp.jakarta.lib");
    }
}
