package io.github.servletauth.example;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers the JDBC drivers in this WAR's {@code WEB-INF/lib} before {@code AuthContextListener} opens its
 * pool, and deregisters them when the webapp stops.
 *
 * <p>Why: {@code java.sql.DriverManager} discovers drivers once per JVM, with the class loader current at
 * that moment. Tomcat triggers that discovery at server start with its system class loader (its
 * {@code JreMemoryLeakPreventionListener}), so drivers packaged in a webapp are never discovered, and
 * HikariCP, which looks the driver up through {@code DriverManager} by URL, fails with "No suitable driver".
 * Loading the driver classes here runs their static initialisers, which register them. Jetty does not need
 * this. It becomes unnecessary once auth-core names the driver class to HikariCP itself.
 */
public final class JdbcDriverListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(JdbcDriverListener.class.getName());
    private static final List<String> DRIVERS = List.of("org.sqlite.JDBC", "org.postgresql.Driver");

    /** Creates the listener. */
    public JdbcDriverListener() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ClassLoader webapp = JdbcDriverListener.class.getClassLoader();
        for (String driver : DRIVERS) {
            try {
                Class.forName(driver, true, webapp);
            } catch (ClassNotFoundException e) {
                LOG.log(Level.FINE, "JDBC driver {0} not in this webapp", driver);
            }
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        // only the drivers this webapp's class loader registered: others belong to the container
        ClassLoader webapp = JdbcDriverListener.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == webapp) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.log(Level.WARNING, "Cannot deregister JDBC driver {0}", driver.getClass().getName());
                }
            }
        }
    }
}
