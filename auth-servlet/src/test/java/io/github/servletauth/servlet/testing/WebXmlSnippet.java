package io.github.servletauth.servlet.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

/**
 * Deploys a web.xml fragment from the README into a Jetty context: context-params, listeners, servlets,
 * filters and their mappings, exactly as written except for the values the test replaces (paths and URLs
 * that only exist on a production machine).
 */
public final class WebXmlSnippet {

    private final Document doc;

    private WebXmlSnippet(Document doc) {
        this.doc = doc;
    }

    /** @return the snippet {@code name} of the module's README.md */
    public static WebXmlSnippet fromReadme(String name) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder()
                .parse(new InputSource(new StringReader("<web-app>" + readmeText(name) + "</web-app>")));
        return new WebXmlSnippet(doc);
    }

    /** @return the xml snippet {@code name} of the module's README.md as it is written, e.g. a whole file */
    public static String readmeText(String name) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("<!-- snippet:" + Pattern.quote(name) + "[^>]*-->\\s*```xml\\n(.*?)```\\s*<!-- /snippet -->",
                Pattern.DOTALL).matcher(readme);
        if (!m.find()) {
            throw new IOException("README.md has no xml snippet " + name);
        }
        return m.group(1);
    }

    /** @return a context configurer; a param named in {@code overrides} gets the override's value */
    public Consumer<ServletContextHandler> deploy(Map<String, String> overrides) {
        return deploy(overrides, true);
    }

    /**
     * @param withFilters whether to deploy the snippet's filters too, or leave them to another snippet that
     *                    replaces them
     * @return a context configurer; a param named in {@code overrides} gets the override's value
     */
    public Consumer<ServletContextHandler> deploy(Map<String, String> overrides, boolean withFilters) {
        return ctx -> {
            try {
                apply(ctx, overrides, withFilters);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private void apply(ServletContextHandler ctx, Map<String, String> overrides, boolean withFilters)
            throws ReflectiveOperationException {
        for (Element p : elements(doc.getDocumentElement(), "context-param")) {
            String name = text(p, "param-name");
            ctx.setInitParameter(name, overrides.getOrDefault(name, text(p, "param-value")));
        }
        for (Element l : elements(doc.getDocumentElement(), "listener")) {
            ctx.addEventListener((EventListener) newInstance(text(l, "listener-class")));
        }
        Map<String, ServletHolder> servlets = new HashMap<>();
        for (Element s : elements(doc.getDocumentElement(), "servlet")) {
            servlets.put(text(s, "servlet-name"), new ServletHolder((Servlet) newInstance(text(s, "servlet-class"))));
        }
        for (Element m : elements(doc.getDocumentElement(), "servlet-mapping")) {
            ctx.addServlet(servlets.get(text(m, "servlet-name")), text(m, "url-pattern"));
        }
        if (!withFilters) {
            return;
        }
        Map<String, FilterHolder> filters = new HashMap<>();
        for (Element f : elements(doc.getDocumentElement(), "filter")) {
            FilterHolder holder = new FilterHolder((Filter) newInstance(text(f, "filter-class")));
            for (Element p : elements(f, "init-param")) {
                String name = text(p, "param-name");
                holder.setInitParameter(name, overrides.getOrDefault(name, text(p, "param-value")));
            }
            filters.put(text(f, "filter-name"), holder);
        }
        for (Element m : elements(doc.getDocumentElement(), "filter-mapping")) {
            ctx.addFilter(filters.get(text(m, "filter-name")), text(m, "url-pattern"), EnumSet.of(DispatcherType.REQUEST));
        }
    }

    /**
     * For a container that reads a real {@code web.xml}: the snippet's elements as XML text, to paste into one.
     *
     * @param overrides a context-param or init-param named here gets the override's value
     * @return the elements, without an XML declaration
     */
    public String xml(Map<String, String> overrides) throws Exception {
        Document copy = (Document) doc.cloneNode(true);
        for (String tag : List.of("context-param", "init-param")) {
            NodeList params = copy.getElementsByTagName(tag);
            for (int i = 0; i < params.getLength(); i++) {
                Element p = (Element) params.item(i);
                String value = overrides.get(text(p, "param-name"));
                if (value != null) {
                    p.getElementsByTagName("param-value").item(0).setTextContent(value);
                }
            }
        }
        Transformer out = TransformerFactory.newInstance().newTransformer();
        out.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringBuilder xml = new StringBuilder();
        NodeList children = copy.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            StringWriter w = new StringWriter();
            out.transform(new DOMSource(children.item(i)), new StreamResult(w));
            xml.append(w);
        }
        return xml.toString();
    }

    private static Object newInstance(String className) throws ReflectiveOperationException {
        return Class.forName(className).getConstructor().newInstance();
    }

    private static Iterable<Element> elements(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getParentNode() == parent) {
                list.add((Element) nodes.item(i));
            }
        }
        return list;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
