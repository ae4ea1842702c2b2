package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.ConfigurationException;
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
 * last store closes lets the webapp's class loader be collected on redeploy. A driver someone else registered
 * (DriverManager's own discovery, a container's {@code lib/}) is left alone.
 */
final class JdbcDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDrivers.class);
    private static final Map<String, Integer> USERS = new HashMap<>();
    /** Drivers this class registered (or caused to register), by class name: only those are deregistered. */
    private static final Map<String, Driver> OURS = new HashMap<>();

    private JdbcDrivers() {
    }

    /**
     * Registers the dialect's driver if no one has and counts one more user.
     *
     * @throws ConfigurationException naming the driver's Maven dependency if it is not on the class path
     */
    static synchronized void acquire(Dialect dialect) {
        String className = dialect.driverClassName();
        try {
            // asking DriverManager first lets it run its own discovery, as it does outside a container
            if (registered(className) == null) {
                Class<?> type = Class.forName(className, true, JdbcDrivers.class.getClassLoader());
                Driver driver = registered(className);
                if (driver == null) {
                    driver = (Driver) type.getDeclaredConstructor().newInstance();
                    DriverManager.registerDriver(driver);
                }
                OURS.put(className, driver);
            }
            USERS.merge(className, 1, Integer::sum);
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException("auth.db.url", "needs the JDBC driver " + className
                    + ", which is not on the webapp's class path: add the Maven dependency "
                    + dialect.driverDependency(), e);
        } catch (ReflectiveOperationException | SQLException e) {
            throw new IllegalStateException("JDBC driver " + className + " is not usable", e);
        }
    }

    /** Counts one user less; the last one deregisters the driver if this class registered it. */
    static synchronized void release(String className) {
        Integer left = USERS.merge(className, -1, Integer::sum);
        if (left == null || left > 0) {
            return;
        }
        USERS.remove(className);
        Driver ours = OURS.remove(className);
        if (ours != null) {
            try {
                DriverManager.deregisterDriver(ours);
            } catch (SQLException e) {
                LOG.warn("Cannot deregister JDBC driver {}: {}", className, e.toString());
            }
        }
    }

    private static Driver registered(String className) {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getName().equals(className)) {
                return d;
            }
        }
        return null;
    }
}
