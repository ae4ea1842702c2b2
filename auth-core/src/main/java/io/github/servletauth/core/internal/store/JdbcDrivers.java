package io.github.servletauth.core.internal.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes the JDBC driver of a dialect usable from a webapp and releases it when the last store using it closes.
 *
 * <p>Why: {@code DriverManager} discovers service-loaded drivers once per JVM with the class loader current
 * then; Tomcat triggers that at server start, so drivers inside a WAR's {@code WEB-INF/lib} are never found
 * ("No suitable driver"). Loading the class and registering it here fixes that; deregistering it when the
 * last store closes lets the webapp's class loader be collected on redeploy. Drivers that come from a parent
 * class loader (a container's {@code lib/}) are shared and left alone.
 */
final class JdbcDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDrivers.class);
    private static final Map<String, Integer> USERS = new HashMap<>();

    private JdbcDrivers() {
    }

    /** Registers the driver if needed and counts one more user. */
    static synchronized void acquire(String className) {
        try {
            Class<?> type = Class.forName(className, true, JdbcDrivers.class.getClassLoader());
            if (registered(type) == null) {
                DriverManager.registerDriver((Driver) type.getDeclaredConstructor().newInstance());
            }
            USERS.merge(className, 1, Integer::sum);
        } catch (ReflectiveOperationException | SQLException e) {
            throw new IllegalStateException("JDBC driver " + className + " is not usable", e);
        }
    }

    /** Counts one user less; the last one deregisters the driver if this library's class loader loaded it. */
    static synchronized void release(String className) {
        Integer left = USERS.merge(className, -1, Integer::sum);
        if (left == null || left > 0) {
            return;
        }
        USERS.remove(className);
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getName().equals(className)
                    && d.getClass().getClassLoader() == JdbcDrivers.class.getClassLoader()) {
                try {
                    DriverManager.deregisterDriver(d);
                } catch (SQLException e) {
                    LOG.warn("Cannot deregister JDBC driver {}: {}", className, e.toString());
                }
            }
        }
    }

    private static Driver registered(Class<?> type) {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass() == type) {
                return d;
            }
        }
        return null;
    }
}
