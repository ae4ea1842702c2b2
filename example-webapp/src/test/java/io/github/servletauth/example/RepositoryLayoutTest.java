package io.github.servletauth.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's top level shows the architecture and nothing else: the parent POM, the three modules, the
 * README and the licence (benchmarks live inside the modules they measure). The documents' relative links
 * lead to files that exist, so moving a file cannot leave a dead link behind.
 */
class RepositoryLayoutTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void topLevelWhenListedThenExactlyParentPomModulesReadmeAndLicence() throws IOException {
        try (Stream<Path> entries = Files.list(REPO)) {
            // dotfiles (git, CI) aside, and the build output a root-level Maven run may leave
            List<String> names = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.equals("target")).collect(Collectors.toList());

            assertThat(names).containsExactlyInAnyOrder("pom.xml", "auth-core", "auth-servlet", "example-webapp",
                    "README.md", "LICENSE");
        }
        Matcher modules = MODULE.matcher(Files.readString(REPO.resolve("pom.xml")));
        List<String> declared = new ArrayList<>();
        while (modules.find()) {
            declared.add(modules.group(1));
        }
        assertThat(declared).containsExactly("auth-core", "auth-servlet", "example-webapp");
    }

    @Test
    void documentsWhenRelativeLinksFollowedThenEveryTargetExists() throws IOException {
        for (String document : List.of("README.md", "auth-servlet/README.md", "example-webapp/BENCHMARKS.md")) {
            Path file = REPO.resolve(document);
            Matcher links = LINK.matcher(Files.readString(file));
            int checked = 0;
            while (links.find()) {
                String target = links.group(1);
                if (target.startsWith("#") || target.matches("[a-z]+:.*")) {
                    continue;
                }
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                assertThat(file.getParent().resolve(path)).as(document + " links to " + target).exists();
                checked++;
            }
            assertThat(checked).as(document + " has relative links").isPositive();
        }
    }
}
