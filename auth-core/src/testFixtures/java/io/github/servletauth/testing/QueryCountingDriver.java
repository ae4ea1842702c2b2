package io.github.servletauth.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Counts database round trips (statement executions and connection validity checks) of every pool in the
 * JVM: it registers itself with {@link DriverManager} ahead of the real SQLite and PostgreSQL drivers, which
 * HikariCP asks for by URL, and wraps the connections they make. Counting only; every call is delegated.
 */
public final class QueryCountingDriver implements Driver {
    private static final AtomicLong ROUND_TRIPS = new AtomicLong();
    private static final AtomicLong STATEMENTS = new AtomicLong();
    private static boolean installed;

    private final List<Driver> real;

    private QueryCountingDriver(List<Driver> real) {
        this.real = real;
    }

    /** Puts the counting driver first; idempotent. Pools opened afterwards are counted. */
    public static synchronized void install() throws SQLException {
        if (installed) {
            return;
        }
        List<Driver> real = new ArrayList<>();
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.acceptsURL("jdbc:sqlite:") || d.acceptsURL("jdbc:postgresql://localhost/x")) {
                real.add(d);
            }
        }
        for (Driver d : real) {
            DriverManager.deregisterDriver(d);
        }
        DriverManager.registerDriver(new QueryCountingDriver(List.copyOf(real)));
        for (Driver d : real) {
            DriverManager.registerDriver(d);
        }
        installed = true;
    }

    /** @return round trips counted since the JVM started */
    public static long roundTrips() {
        return ROUND_TRIPS.get();
    }

    /**
     * @return statements executed since the JVM started: the round trips without the pool's connection checks,
     *         which HikariCP makes when it hands out a connection that sat idle for over half a second, so
     *         their number depends on how fast the machine is
     */
    public static long statements() {
        return STATEMENTS.get();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        for (Driver d : real) {
            if (d.acceptsURL(url)) {
                Connection c = d.connect(url, info);
                return c == null ? null : proxy(Connection.class, c);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target) {
        InvocationHandler handler = (p, method, args) -> {
            String name = method.getName();
            if (name.startsWith("execute")) {
                STATEMENTS.incrementAndGet();
                ROUND_TRIPS.incrementAndGet();
            } else if (name.equals("isValid")) {
                ROUND_TRIPS.incrementAndGet();
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result instanceof Statement s && !(result instanceof Proxy) ? wrapStatement(method, s) : result;
        };
        return (T) Proxy.newProxyInstance(QueryCountingDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Statement wrapStatement(Method method, Statement s) {
        return proxy(statementType(method.getReturnType()), s);
    }

    @SuppressWarnings("unchecked")
    private static Class<Statement> statementType(Class<?> declared) {
        return Statement.class.isAssignableFrom(declared) ? (Class<Statement>) declared : Statement.class;
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        for (Driver d : real) {
            if (d.acceptsURL(url)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
