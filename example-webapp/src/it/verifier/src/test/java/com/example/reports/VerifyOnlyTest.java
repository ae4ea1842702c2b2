package com.example.reports;

import io.github.servletauth.servlet.JwtFilter;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's verify-only dependency: four jars, and the javax filter starts with nothing else. */
class VerifyOnlyTest {

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

    /** Without HikariCP, JDBC drivers or spring-security-crypto on the classpath. */
    @Test
    void javaxFilterWhenConfiguredWithSecretThenStarts() throws Exception {
        Map<String, String> params = Map.of("realm", "reports", "auth.jwt.algorithm", "HS256",
                "auth.jwt.secret", "a test secret that is long enough for HS256, 48+ bytes");
        ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> null);
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
