package io.github.servletauth.core;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI naming context for tests, as a container provides one to its webapps: {@link #bind} a name, and
 * {@code new InitialContext().lookup(name)} finds it for the rest of the test. Register it with
 * {@code @RegisterExtension}; it unbinds everything and removes itself after each test.
 */
public final class JndiBindings implements AfterEachCallback {
    private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    /** Binds {@code value} at {@code name} and makes this class the JVM's initial context factory. */
    public void bind(String name, Object value) {
        BOUND.put(name, value);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Factory.class.getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        BOUND.clear();
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
    }

    /** What {@code new InitialContext()} instantiates: a context that can only look names up. */
    public static final class Factory implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Factory.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "lookup" -> {
                            Object value = BOUND.get(String.valueOf(args[0]));
                            if (value == null) {
                                throw new NameNotFoundException(args[0] + " is not bound");
                            }
                            yield value;
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
