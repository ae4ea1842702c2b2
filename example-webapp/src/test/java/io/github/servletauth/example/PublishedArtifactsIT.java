package io.github.servletauth.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build publishes, checked in the built files: the javax WAR is javax throughout, the jars carry an
 * Automatic-Module-Name, sources and javadoc jars exist, no web-fragment.xml registers anything, the
 * README's table of what the WAR puts in WEB-INF/lib matches the WAR, and so do the accounts dependencies.
 */
class PublishedArtifactsIT {

    private static final Path REPO = Path.of(System.getProperty("example.repo", ".."));

    @Test
    void javaxWarWhenInspectedThenClassesWebXmlAndNestedJarUseJavax() throws IOException {
        try (ZipFile war = new ZipFile(System.getProperty("example.javax.war"))) {
            String webXml = text(war, war.getEntry("WEB-INF/web.xml"));
            assertThat(webXml).contains("xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\"", "web-app_4_0.xsd",
                    "version=\"4.0\"").doesNotContain("jakarta");
            assertThat(text(war, war.getEntry("WEB-INF/classes/io/github/servletauth/example/WhoamiServlet.class")))
                    .contains("javax/servlet/http/HttpServlet").doesNotContain("jakarta/servlet");
            ZipEntry nested = war.stream().filter(e -> e.getName().matches("WEB-INF/lib/auth-servlet-.*\\.jar"))
                    .findFirst().orElseThrow();
            Path copy = Files.createTempFile("nested-auth-servlet", ".jar");
            try {
                Files.write(copy, war.getInputStream(nested).readAllBytes());
                try (ZipFile jar = new ZipFile(copy.toFile())) {
                    assertThat(text(jar, jar.getEntry("io/github/servletauth/servlet/JwtFilter.class")))
                            .contains("javax/servlet/Filter").doesNotContain("jakarta/servlet");
                }
            } finally {
                Files.delete(copy);
            }
        }
    }

    @Test
    void libraryJarsWhenBuiltThenModuleNameSourcesJavadocAndNoWebFragment() throws IOException {
        Map<String, String> modules = Map.of("auth-core", "io.github.servletauth.core",
                "auth-servlet", "io.github.servletauth.servlet");
        String version = version();
        for (Map.Entry<String, String> module : modules.entrySet()) {
            Path target = REPO.resolve(module.getKey()).resolve("target");
            for (String classifier : new String[] {"", "-sources", "-javadoc"}) {
                assertThat(target.resolve(module.getKey() + "-" + version + classifier + ".jar")).isRegularFile();
            }
            try (JarFile jar = new JarFile(target.resolve(module.getKey() + "-" + version + ".jar").toFile())) {
                assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .isEqualTo(module.getValue());
                assertThat(jar.getEntry("META-INF/web-fragment.xml")).isNull();
                // the JMH benchmarks are test sources of these modules (src/jmh/java)
                assertThat(jar.stream().map(ZipEntry::getName)
                        .filter(n -> n.contains("/benchmarks/") || n.contains("BenchmarkList")))
                        .as(module.getKey() + " jar holds no benchmark").isEmpty();
            }
        }
        Path javax = REPO.resolve("auth-servlet/target/auth-servlet-" + version + "-javax.jar");
        try (JarFile jar = new JarFile(javax.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo("io.github.servletauth.servlet");
            assertThat(jar.getEntry("META-INF/web-fragment.xml")).isNull();
        }
    }

    /** The README lists every jar of the WAR's WEB-INF/lib with its size, rounded to KB (5 % tolerance). */
    @Test
    void readmeWebInfLibTableWhenComparedThenMatchesTheWar() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        Matcher table = Pattern.compile("<!-- web-inf-lib[^>]*-->(.*?)<!-- /web-inf-lib -->", Pattern.DOTALL)
                .matcher(readme);
        assertThat(table.find()).as("README web-inf-lib table").isTrue();
        Map<String, Long> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([\\w.-]+?)-(?:\\d[\\w.-]*|<version>)\\.jar` \\| ([\\d,]+) KB \\|")
                .matcher(table.group(1));
        while (row.find()) {
            documented.put(row.group(1), Long.parseLong(row.group(2).replace(",", "")));
        }
        Map<String, Long> actual = new LinkedHashMap<>();
        try (ZipFile war = new ZipFile(System.getProperty("example.war"))) {
            for (ZipEntry entry : Collections.list(war.entries())) {
                Matcher jar = Pattern.compile("WEB-INF/lib/([\\w.-]+?)-\\d[\\w.-]*\\.jar").matcher(entry.getName());
                if (jar.matches()) {
                    actual.put(jar.group(1), entry.getSize());
                }
            }
        }
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(actual.keySet());
        actual.forEach((name, bytes) -> assertThat((double) documented.get(name)).as(name)
                .isBetween(bytes / 1000.0 * 0.95, bytes / 1000.0 * 1.05));
    }

    /**
     * auth-servlet/README.md's accounts dependencies are what the consumer build adds (and checks the jars
     * of), and each version it or the PostgreSQL alternative names is the one the example WAR bundles.
     */
    @Test
    void readmeAccountsDependenciesWhenComparedThenSameAsTheConsumerBuildAndTheWar() throws IOException {
        String pom = Files.readString(REPO.resolve("example-webapp/src/it/consumer/pom.xml"));
        Matcher block = Pattern.compile("<!-- accounts dependencies: begin -->(.*?)<!-- accounts dependencies: end -->",
                Pattern.DOTALL).matcher(pom);
        assertThat(block.find()).as("accounts block of the consumer pom").isTrue();
        String accounts = LegacyWebapp.readmeSnippet("accounts-maven");
        assertThat(normalized(accounts)).isEqualTo(normalized(block.group(1).replace("@project.version@", version())));

        Set<String> bundled = new TreeSet<>();
        try (ZipFile war = new ZipFile(System.getProperty("example.war"))) {
            war.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/"))
                    .forEach(n -> bundled.add(n.substring("WEB-INF/lib/".length())));
        }
        Matcher dependency = Pattern.compile("<artifactId>([\\w.-]+)</artifactId>\\s*<version>([\\w.-]+)</version>")
                .matcher(accounts + LegacyWebapp.readmeSnippet("postgresql-driver-maven"));
        int found = 0;
        while (dependency.find()) {
            assertThat(bundled).contains(dependency.group(1) + "-" + dependency.group(2) + ".jar");
            found++;
        }
        assertThat(found).isEqualTo(6);
    }

    private static String normalized(String xml) {
        return xml.replaceAll("\\s+", " ").trim();
    }

    private static String text(ZipFile zip, ZipEntry entry) throws IOException {
        assertThat(entry).isNotNull();
        return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String version() {
        String war = Path.of(System.getProperty("example.war")).getFileName().toString();
        return war.substring("example-webapp-".length(), war.length() - ".war".length());
    }
}
