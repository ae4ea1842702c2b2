package io.github.servletauth.example;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The constrained fixture (src/it/constrained-webapp: javax servlets and a Servlet 4.0 web.xml with
 * {@code <security-constraint>} rules and HTTP Basic, {@code @ServletSecurity} servlets, a page keeping its own
 * HttpSession, knowing nothing of servlet-auth) made into an exploded webapp with exactly what
 * auth-servlet/README.md says under "Keeping your web.xml security constraints": its registration snippet in
 * web.xml, the jars of a verifying webapp in WEB-INF/lib and, for Tomcat, its META-INF/context.xml. For a
 * jakarta container the fixture is first renamed as the Eclipse Transformer would rename it the other way:
 * {@code javax.servlet} to {@code jakarta.servlet} in the sources, the Servlet 4.0 descriptor header to 6.0.
 */
final class ConstrainedWebapp {

    /** The sign-in URL written in the README snippet: the accounts webapp mounted at /accounts. */
    static final String README_SIGNIN_URL = "/accounts/auth/signin";

    private ConstrainedWebapp() {
    }

    /**
     * @param target the webapp directory to create, e.g. {@code webapps/orders} of a Tomcat base
     * @param javax whether the container is a Servlet 4 one (the fixture as it is, the {@code -javax} jar)
     * @param jwksUrl the JWKS endpoint of the accounts webapp
     * @param signInUrl the sign-in page of the accounts webapp
     * @param tomcatContextXml whether to add the README's {@code META-INF/context.xml} for Tomcat too
     */
    static void build(Path target, boolean javax, String jwksUrl, String signInUrl, boolean tomcatContextXml)
            throws IOException {
        Path source = Path.of(System.getProperty("legacy.webapp.src")).resolveSibling("constrained-webapp");
        Path webInf = Files.createDirectories(target.resolve("WEB-INF"));
        Path sources = source.resolve("src/main/java");
        String webXml = Files.readString(source.resolve("src/main/webapp/WEB-INF/web.xml"));
        if (!javax) {
            // beside the webapps directory, not in it: a container would deploy it
            sources = renamed(sources, Files.createDirectories(
                    target.getParent().resolveSibling(target.getFileName() + "-sources")));
            webXml = webXml.replace("http://xmlns.jcp.org/xml/ns/javaee", "https://jakarta.ee/xml/ns/jakartaee")
                    .replace("web-app_4_0.xsd", "web-app_6_0.xsd").replace("version=\"4.0\"", "version=\"6.0\"");
        }
        compile(sources, Files.createDirectories(webInf.resolve("classes")), javax ? javaxApi() : jakartaApi());

        String snippet = LegacyWebapp.readmeSnippet("jaspic-web-xml");
        for (String written : List.of(LegacyWebapp.README_JWKS_URL, README_SIGNIN_URL)) {
            if (!snippet.contains(written)) {
                throw new IllegalStateException("the README snippet no longer names " + written);
            }
        }
        int end = webXml.lastIndexOf("</web-app>");
        Files.writeString(webInf.resolve("web.xml"), webXml.substring(0, end)
                + snippet.replace(LegacyWebapp.README_JWKS_URL, jwksUrl).replace(README_SIGNIN_URL, signInUrl)
                + webXml.substring(end));

        if (tomcatContextXml) {
            Files.writeString(Files.createDirectories(target.resolve("META-INF")).resolve("context.xml"),
                    LegacyWebapp.readmeSnippet("jaspic-context-xml"));
        }

        Path lib = Files.createDirectories(webInf.resolve("lib"));
        for (Path jar : javax ? LegacyWebapp.jars() : jakartaJars()) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
    }

    private static Path renamed(Path sources, Path out) throws IOException {
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path copy = out.resolve(sources.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Files.readString(file).replace("javax.servlet", "jakarta.servlet"));
            }
        }
        return out;
    }

    private static List<Path> javaxApi() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("legacy.webapp.compile")))) {
            return jars.toList();
        }
    }

    private static List<Path> jakartaApi() {
        return List.of(fromClassPath("jakarta.servlet-api-"));
    }

    /** The plain (jakarta) auth-servlet jar and what verifying needs, as this build put them on the class path. */
    private static List<Path> jakartaJars() {
        return List.of(fromClassPath("auth-servlet-"), fromClassPath("auth-core-"), fromClassPath("jose4j-"),
                fromClassPath("slf4j-api-"));
    }

    private static Path fromClassPath(String jarPrefix) {
        List<Path> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (name.startsWith(jarPrefix) && name.endsWith(".jar") && !name.contains("-javax")
                    && !name.contains("-tests")) {
                found.add(p);
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + jarPrefix + "*.jar on the class path (run `mvn verify`"
                    + " from the repository root, so that the reactor's jars are packaged), found " + found);
        }
        return found.get(0);
    }

    private static void compile(Path sources, Path classes, List<Path> api) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        LegacyWebapp.compile(files, classes, api.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
    }
}
