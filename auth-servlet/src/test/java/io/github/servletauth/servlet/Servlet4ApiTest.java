package io.github.servletauth.servlet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code javax} classifier jar is these classes with only the package names changed, so it runs on a
 * Servlet 4 container only if the sources use nothing newer than Servlet 4 and JASPIC 1.1 (Tomcat 9's).
 * Jakarta Servlet 5.0 is exactly the Servlet 4.0 API in the jakarta namespace, and Jakarta Authentication 2.0
 * exactly JASPIC 1.1: the main sources must compile against them (copied to target/servlet-5-api by the pom)
 * instead of the Servlet 6 and Authentication 3.0 APIs they are built with.
 */
class Servlet4ApiTest {

    @TempDir
    Path out;

    @Test
    void mainSourcesWhenCompiledAgainstServlet5ApiThenNoErrors() throws Exception {
        Path servlet5 = Path.of("target/servlet-5-api/jakarta.servlet-api.jar");
        Path jaspic11 = Path.of("target/servlet-5-api/jakarta.authentication-api.jar");
        assertThat(servlet5).as("copied by maven-dependency-plugin").isRegularFile();
        assertThat(jaspic11).as("copied by maven-dependency-plugin").isRegularFile();
        List<String> classpath = new ArrayList<>();
        classpath.add(servlet5.toString());
        classpath.add(jaspic11.toString());
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("servlet-api"))      // the Servlet 6 API of the build
                .filter(entry -> !entry.contains("authentication-api")) // Authentication 3.0, if present
                .filter(entry -> !entry.contains("tomcat-embed"))     // the tests' Tomcat carries both APIs too
                // this module's own compiled classes; auth-core's (a directory in a reactor "test" run) stay
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(Path.of("target").toAbsolutePath()))
                .forEach(classpath::add);
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            compiled = compiler.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-proc:none", "-d", out.toString(),
                            "-classpath", String.join(File.pathSeparator, classpath)),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
        }
        String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        assertThat(errors).as("uses of API newer than Servlet 4 or JASPIC 1.1").isEmpty();
        assertThat(compiled).isTrue();
        assertThat(out.resolve("io/github/servletauth/servlet/JwtFilter.class")).isRegularFile();
        assertThat(out.resolve("io/github/servletauth/servlet/jaspic/internal/TokenAuthModule.class")).isRegularFile();
    }
}
