package com.example.reports;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.servlet.JwtFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's verify-only dependency, with no exclusions: four jars under 1 MB, the javax filter starts with
 * nothing else, and hosting accounts without the accounts jars stops at start-up naming what to add.
 */
class VerifyOnlyTest {
    private static final long ONE_MB = 1_000_000;

    @Test
    void runtimeClasspathWhenVerifyOnlyThenFourJars() throws Exception {
        Set<String> runtime = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+([\\w.-]+):([\\w.-]+):jar:(?:([\\w.-]+):)?[^:\\s]+:(?:compile|runtime)")
                .matcher(Files.readString(Path.of("target/runtime-dependencies.txt")));
        while (m.find()) {
            runtime.add(m.group(1) + ":" + m.group(2) + (m.group(3) != null ? ":" + m.group(3) : ""));
        }
        assertEquals(new TreeSet<>(Set.of("io.github.servletauth:auth-servlet:javax", "io.github.servletauth:auth-core",
                "org.bitbucket.b_c:jose4j", "org.slf4j:slf4j-api")), runtime);
    }

    /** What these jars would weigh in WEB-INF/lib. */
    @Test
    void runtimeClasspathWhenVerifyOnlyThenUnderOneMegabyte() throws Exception {
        long total = 0;
        List<String> jars = new ArrayList<>();
        for (String entry : Files.readString(Path.of("target/runtime-classpath.txt")).trim().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            total += Files.size(jar);
            jars.add(jar.getFileName() + " " + Files.size(jar));
        }
        assertEquals(4, jars.size(), jars.toString());
        assertTrue(total < ONE_MB, total + " bytes: " + jars);
        assertTrue(jars.stream().noneMatch(j -> j.matches("(?i).*(jdbc|postgresql|hikari|spring|commons-logging).*")),
                jars.toString());
    }

    /** An accounts service on these jars alone: refused at start-up, naming each Maven dependency to add. */
    @Test
    void authServiceWhenAccountsJarsMissingThenConfigurationExceptionNamesThem(@TempDir Path data) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AuthService.create(
                AuthConfig.builder().set("auth.data-dir", data.toString()).build()));

        assertEquals("auth.db.url", e.key());
        for (String dependency : List.of("org.xerial:sqlite-jdbc", "com.zaxxer:HikariCP",
                "org.springframework.security:spring-security-crypto", "commons-logging:commons-logging")) {
            assertTrue(e.getMessage().contains(dependency), e.getMessage());
        }
    }

    /** Without HikariCP, JDBC drivers or spring-security-crypto on the classpath. */
    @Test
    void javaxFilterWhenConfiguredWithSecretThenStarts() throws Exception {
        Map<String, String> params = Map.of("realm", "reports", "auth.jwt.algorithm", "HS256",
                "auth.jwt.secret", "a test secret that is long enough for HS256, 48+ bytes");
        ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) ->
                        // a context with no attributes and no context-params, as a container gives one
                        method.getReturnType() == Enumeration.class ? Collections.emptyEnumeration()
                                : null);
        JwtFilter filter = new JwtFilter();
        filter.init(new FilterConfig() {
            @Override
            public String getFilterName() {
                return "jwt";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        });
        filter.destroy();
    }
}
