package io.github.servletauth.servlet.testing;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded Tomcat 10.1 on a free loopback port, deploying webapps from a {@code web.xml} as a real Tomcat
 * does: constraints, listeners, servlets, the authenticator valve and Jakarta Authentication.
 */
public final class TomcatApp implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final Path base;

    /** @param base a directory of its own for Tomcat's work files and the webapps */
    public TomcatApp(Path base) {
        this.base = base;
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("localhost");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // no JSP servlet (Jasper is not here) and no default servlet: the webapps map their own servlets
        tomcat.setAddDefaultWebXmlToWebapp(false);
    }

    /**
     * Adds a webapp at {@code contextPath} whose whole {@code WEB-INF/web.xml} is {@code webXml}; its classes
     * come from the test class path.
     */
    public TomcatApp webapp(String contextPath, String webXml) throws Exception {
        return webapp(contextPath, webXml, null);
    }

    /**
     * As {@link #webapp(String, String)}, with {@code contextXml} (when not null) as the webapp's
     * {@code META-INF/context.xml}, which Tomcat reads as it would in a real deployment.
     */
    public TomcatApp webapp(String contextPath, String webXml, String contextXml) throws Exception {
        Path docBase = Files.createDirectories(base.resolve("webapps").resolve(contextPath.replace('/', '_')));
        Files.createDirectories(docBase.resolve("WEB-INF"));
        Files.writeString(docBase.resolve("WEB-INF/web.xml"), webXml);
        if (contextXml != null) {
            Files.createDirectories(docBase.resolve("META-INF"));
            Files.writeString(docBase.resolve("META-INF/context.xml"), contextXml);
        }
        Context context = tomcat.addWebapp(contextPath, docBase.toString());
        // the test class path holds no web fragments: scanning its jars would only cost seconds
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        return this;
    }

    public TomcatApp start() throws LifecycleException {
        tomcat.start();
        Http.reset();
        return this;
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** @return the absolute URI of {@code path} (which includes the context path) */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
