package io.github.servletauth.servlet.benchmarks;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.TokenVerifier;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.servlet.JwtFilter;
import io.github.servletauth.servlet.internal.GateSetup;
import io.github.servletauth.servlet.jaspic.internal.TokenAuthConfigProvider;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.authenticator.jaspic.CallbackHandlerImpl;
import org.apache.catalina.authenticator.jaspic.MessageInfoImpl;
import org.apache.catalina.realm.GenericPrincipal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;

/**
 * The CPU time {@code JwtFilter} adds to a request, without the HTTP noise of the load script
 * ({@code example-webapp/src/load/load.sh}): one
 * {@code doFilter} call with a repeated token (the steady state) against the load script's baseline
 * {@link FixedPrincipalFilter} (a fixed user, no token check) and against no filter at all. Each call gets a
 * freshly decoded {@code Authorization} header string, as a container gives every request, and the chain
 * reads what {@code /api/whoami} reads (principal, a role, the token attribute). {@code jwtFilterForeignVerifier}
 * is the same filter with a verifier of another library (one that does not check the token syntax itself), for
 * which the filter scans every character of the token first. {@code jwtFilterCookie} is a browser's request:
 * the same token in the access cookie, among other cookies, through the filter as web.xml sets it up (with the
 * context's service), so it also pays for reading the {@code Cookie} header and for the CSRF proof.
 * {@code jaspicModule} is the header request through the Jakarta Authentication module instead of the filter,
 * driven as Tomcat drives it on every request (its configuration looked up, a fresh {@code MessageInfo} and
 * client {@code Subject}, Tomcat's own callback handler building the principal with its roles);
 * {@code jaspicModuleAlone} is the module's own share of that: {@code validateRequest} with a callback handler
 * that only takes the callbacks, and the container's {@code MessageInfo} and {@code Subject} made once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {
    private static final String PASSWORD = "correct horse battery staple";

    private AuthService auth;
    private Filter jwt;
    private Filter jwtForeign;
    private Filter jwtCookie;
    private Filter fixed;
    private RequestState state;
    private HttpServletRequest request;
    private RequestState cookieState;
    private HttpServletRequest cookieRequest;
    private HttpServletResponse response;
    private final Chain chain = new Chain();
    private AuthConfigProvider jaspicProvider;
    private final CallbackHandler tomcatCallbacks = new CallbackHandlerImpl();
    private ServerAuthContext jaspicAlone;
    private MessageInfo aloneInfo;
    private final Subject aloneSubject = new Subject();
    /** What a container's handler is handed: kept so that the callbacks are not optimised away. */
    private Callback[] handed;

    /** What the servlet behind the filter reads, kept so that none of it is optimised away. */
    static final class Chain implements FilterChain {
        Principal principal;
        boolean inRole;
        Object token;

        @Override
        public void doFilter(ServletRequest req, ServletResponse resp) {
            HttpServletRequest r = (HttpServletRequest) req;
            principal = r.getUserPrincipal();
            inRole = r.isUserInRole("user");
            token = r.getAttribute(JwtFilter.TOKEN_ATTRIBUTE);
        }
    }

    /**
     * One recycled request, as containers recycle theirs: attributes cleared, the header decoded anew. The
     * methods the filter calls are plain methods, as a container's are (a reflective proxy would add tens of
     * nanoseconds to every call and so overstate a path that asks the request more questions); anything else
     * reaches a request that refuses.
     */
    static final class RequestState extends HttpServletRequestWrapper {
        final Map<String, Object> attributes = new HashMap<>();
        final String headerName;
        final byte[] header;

        /** A request with one header that a container decodes anew for every request. */
        RequestState(String headerName, String value) {
            super(proxy(HttpServletRequest.class, (p, m, a) -> {
                throw new UnsupportedOperationException(m.getName());
            }));
            this.headerName = headerName;
            this.header = value.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return headerName.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(new String(header, StandardCharsets.ISO_8859_1)))
                    : Collections.emptyEnumeration();
        }

        @Override
        public String getHeader(String name) {
            return headerName.equalsIgnoreCase(name) ? new String(header, StandardCharsets.ISO_8859_1) : null;
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public String getRemoteUser() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("servlet-auth-bench-filter");
        auth = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString()).build());
        String token = auth.register("bench", PASSWORD, null).accessToken();
        TokenVerifier foreign = auth::verify;
        jwt = new JwtFilter(auth.tokenVerifier(), "bench", List.of(), false);
        jwtForeign = new JwtFilter(foreign, "bench", List.of(), false);
        jwtCookie = webXmlFilter(auth);
        jaspicProvider = new TokenAuthConfigProvider(new GateSetup(serviceContext(auth), Map.of(), "bench ")
                .build(false, "bench"));
        fixed = new FixedPrincipalFilter();
        state = new RequestState("Authorization", "Bearer " + token);
        request = state;
        // what a browser sends: a session cookie of the container and an analytics cookie beside ours
        cookieState = new RequestState("Cookie", "JSESSIONID=node0abcdefghijklmnopqrstu1.node0; "
                + "_ga=GA1.1.1234567890.1700000000; auth_access=" + token);
        cookieRequest = cookieState;
        response = proxy(HttpServletResponse.class, (p, m, a) -> {
            if (m.getName().equals("setHeader")) {
                return null; // a page request's Cache-Control
            }
            throw new IllegalStateException("the filter answered instead of passing the request on");
        });
        // refuse to measure anything but a successful pass through each filter
        Principal cookieUser = passCookie();
        if (cookieUser == null || !cookieUser.getName().equals("bench")) {
            throw new IllegalStateException("the cookie did not authenticate the request");
        }
        ServerAuthConfig aloneConfig = jaspicProvider.getServerAuthConfig("HttpServlet", "localhost /bench",
                callbacks -> handed = callbacks);
        aloneInfo = new MessageInfoImpl(request, response, true);
        jaspicAlone = aloneConfig.getAuthContext(aloneConfig.getAuthContextID(aloneInfo), null, null);
        if (passModuleAlone() != AuthStatus.SUCCESS || handed == null) {
            throw new IllegalStateException("the module alone did not authenticate the request");
        }
        Principal moduleCaller = passModule();
        if (moduleCaller == null || !moduleCaller.getName().equals("bench")) {
            throw new IllegalStateException("the module did not authenticate the request");
        }
        for (Filter f : List.of(jwt, jwtForeign, fixed)) {
            Principal seen = pass(f);
            if (seen == null || !chain.inRole || !(chain.token instanceof VerifiedToken verified)
                    || !seen.getName().equals(verified.username())) {
                throw new IllegalStateException(f + " did not authenticate the request");
            }
        }
    }

    /** The filter as {@code web.xml} declares it in the accounts webapp: no init-params, the context's service. */
    private static Filter webXmlFilter(AuthService auth) throws ServletException {
        ServletContext context = serviceContext(auth);
        FilterConfig config = proxy(FilterConfig.class, (p, m, a) -> switch (m.getName()) {
            case "getServletContext" -> context;
            case "getInitParameter" -> null;
            case "getInitParameterNames" -> Collections.emptyEnumeration();
            default -> throw new UnsupportedOperationException(m.getName());
        });
        JwtFilter filter = new JwtFilter();
        filter.init(config);
        return filter;
    }

    /** A servlet context holding the webapp's service, as the listener leaves it. */
    private static ServletContext serviceContext(AuthService auth) {
        return proxy(ServletContext.class, (p, m, a) -> switch (m.getName()) {
            case "getAttribute" -> AuthService.class.getName().equals(a[0]) ? auth : null;
            case "getContextPath" -> "";
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    /** What Tomcat's authenticator does per request with a registered provider, up to the principal it keeps. */
    private Principal passModule() throws AuthException {
        state.attributes.clear();
        ServerAuthConfig config = jaspicProvider.getServerAuthConfig("HttpServlet", "localhost /bench",
                tomcatCallbacks);
        MessageInfo info = new MessageInfoImpl(request, response, true);
        ServerAuthContext context = config.getAuthContext(config.getAuthContextID(info), null, null);
        Subject client = new Subject();
        if (context.validateRequest(info, client, null) != AuthStatus.SUCCESS) {
            return null;
        }
        Set<GenericPrincipal> principals = client.getPrivateCredentials(GenericPrincipal.class);
        return principals.isEmpty() ? null : principals.iterator().next();
    }

    private AuthStatus passModuleAlone() throws AuthException {
        state.attributes.clear();
        return jaspicAlone.validateRequest(aloneInfo, aloneSubject, null);
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(FilterBenchmark.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    private Principal passCookie() throws IOException, ServletException {
        cookieState.attributes.clear();
        jwtCookie.doFilter(cookieRequest, response, chain);
        return chain.principal;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        auth.close();
    }

    private Principal pass(Filter filter) throws IOException, ServletException {
        state.attributes.clear();
        filter.doFilter(request, response, chain);
        return chain.principal;
    }

    /** The token check of every protected request, repeated token. */
    @Benchmark
    public Principal jwtFilter() throws IOException, ServletException {
        return pass(jwt);
    }

    /** A browser's request: the same token read from the access cookie among others. */
    @Benchmark
    public Principal jwtFilterCookie() throws IOException, ServletException {
        return passCookie();
    }

    /** The header request through the Jakarta Authentication module, as Tomcat calls it. */
    @Benchmark
    public Principal jaspicModule() throws AuthException {
        return passModule();
    }

    /** The module's own work in that: validateRequest, with the container's part made once. */
    @Benchmark
    public AuthStatus jaspicModuleAlone() throws AuthException {
        return passModuleAlone();
    }

    /** The same with a verifier that leaves the b64token character check to the filter. */
    @Benchmark
    public Principal jwtFilterForeignVerifier() throws IOException, ServletException {
        return pass(jwtForeign);
    }

    /** {@code load.sh}'s baseline: a fixed user, no token read. */
    @Benchmark
    public Principal fixedPrincipal() throws IOException, ServletException {
        return pass(fixed);
    }

    /** The chain alone, with no filter: the cost of the in-memory request itself. */
    @Benchmark
    public Principal noFilter() throws IOException, ServletException {
        state.attributes.clear();
        chain.doFilter(request, response);
        return chain.principal;
    }
}
