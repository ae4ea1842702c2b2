package io.github.servletauth.example;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The legacy fixture (src/it/legacy-webapp: javax servlets and a Servlet 4.0 web.xml that know nothing of
 * servlet-auth) made into an exploded webapp, with exactly what auth-servlet/README.md tells a team to add:
 * the filter snippet in web.xml and the jars in WEB-INF/lib (copied from the published artifacts by the pom).
 */
final class LegacyWebapp {

    /** The JWKS URL written in the README snippet, replaced by the real one of the accounts webapp. */
    static final String README_JWKS_URL = "https://accounts.example.org/auth/jwks";
    /** The revocation feed written in the README snippets, replaced by the accounts webapp's, beside its JWKS. */
    static final String README_FEED_URL = "https://accounts.example.org/auth/revocations";

    private LegacyWebapp() {
    }

    /**
     * @param target the webapp directory to create, e.g. {@code webapps/legacy} of a Tomcat base
     * @param jwksUrl the JWKS endpoint of the accounts webapp
     */
    static void build(Path target, String jwksUrl) throws IOException {
        Path source = property("legacy.webapp.src");
        Path webInf = Files.createDirectories(target.resolve("WEB-INF"));
        compile(source.resolve("src/main/java"), Files.createDirectories(webInf.resolve("classes")));

        String webXml = Files.readString(source.resolve("src/main/webapp/WEB-INF/web.xml"));
        Files.writeString(webInf.resolve("web.xml"), withReadmeSnippet(webXml, "legacy-web-xml", jwksUrl));
        copyJars(jars(), webInf);
    }

    /**
     * @return {@code webXml} with the README's xml snippet {@code name} inserted before {@code </web-app>}, its
     *         JWKS URL {@code jwksUrl} and its revocation feed the one beside it ({@code .../auth/revocations})
     */
    static String withReadmeSnippet(String webXml, String name, String jwksUrl) throws IOException {
        String snippet = readmeSnippet(name);
        for (String url : new String[] {README_JWKS_URL, README_FEED_URL}) {
            if (!snippet.contains(url)) {
                throw new IllegalStateException("the README snippet " + name + " no longer names " + url);
            }
        }
        String feedUrl = jwksUrl.substring(0, jwksUrl.lastIndexOf('/') + 1) + "revocations";
        int end = webXml.lastIndexOf("</web-app>");
        return webXml.substring(0, end) + snippet.replace(README_JWKS_URL, jwksUrl).replace(README_FEED_URL, feedUrl)
                + webXml.substring(end);
    }

    static void copyJars(List<Path> jars, Path webInf) throws IOException {
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        for (Path jar : jars) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
    }

    /** @return the jars the pom copied for the legacy webapp: the javax auth-servlet jar and its needs */
    static List<Path> jars() throws IOException {
        return jarsIn("legacy.webapp.lib");
    }

    /** @return the jars in the directory that system property {@code property} names */
    static List<Path> jarsIn(String property) throws IOException {
        try (Stream<Path> files = Files.list(property(property))) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** @return the xml snippet {@code name} of auth-servlet/README.md, as written */
    static String readmeSnippet(String name) throws IOException {
        String readme = Files.readString(property("example.repo").resolve("auth-servlet/README.md"));
        Matcher m = Pattern.compile("<!-- snippet:" + Pattern.quote(name)
                + "[^>]*-->\\s*```xml\\n(.*?)```\\s*<!-- /snippet -->", Pattern.DOTALL).matcher(readme);
        if (!m.find()) {
            throw new IllegalStateException("auth-servlet/README.md has no xml snippet " + name);
        }
        return m.group(1);
    }

    /** Compiles the fixture's servlets against the Servlet 4 API (javax.servlet-api, copied by the pom). */
    private static void compile(Path sources, Path classes) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        String classpath;
        try (Stream<Path> jars = Files.list(property("legacy.webapp.compile"))) {
            classpath = jars.map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
        compile(files, classes, classpath);
    }

    /** Compiles a fixture's sources for Java 11 against {@code classpath}; fails naming every error. */
    static void compile(List<Path> files, Path classes, String classpath) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            ok = compiler.getTask(null, fm, diagnostics, List.of("--release", "11", "-proc:none",
                    "-d", classes.toString(), "-classpath", classpath), null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
        }
        if (!ok) {
            throw new IllegalStateException("the fixture does not compile: " + diagnostics.getDiagnostics()
                    .stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString).toList());
        }
    }

    static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " not set: run through failsafe");
        }
        return Path.of(value);
    }
}
