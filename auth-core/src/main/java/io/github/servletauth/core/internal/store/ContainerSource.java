package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.StoreUnavailableException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * A {@code DataSource} the container pools ({@code auth.db.jndi-name}, e.g. a Tomcat {@code <Resource>}): the
 * container owns it, opens its connections with its own driver and closes it on undeploy, so this class never
 * registers a driver and never closes it.
 */
final class ContainerSource implements ConnectionSource {
    private static final String KEY = "auth.db.jndi-name";

    private final DataSource dataSource;
    private final Dialect dialect;

    private ContainerSource(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Looks the name up in the webapp's JNDI context.
     *
     * @throws ConfigurationException naming {@code auth.db.jndi-name} if nothing, or no {@code DataSource}, is
     *                                bound there
     */
    static ContainerSource lookup(String jndiName) {
        Object bound;
        try {
            bound = new InitialContext().lookup(jndiName);
        } catch (NamingException e) {
            throw new ConfigurationException(KEY, "no DataSource is bound at " + jndiName + " in this webapp's JNDI "
                    + "context (" + e.getClass().getSimpleName() + "); declare it in the container, e.g. a "
                    + "<Resource type=\"javax.sql.DataSource\"> in Tomcat's context.xml", e);
        }
        if (!(bound instanceof DataSource dataSource)) {
            throw new ConfigurationException(KEY, jndiName + " names a " + bound.getClass().getName()
                    + ", not a javax.sql.DataSource");
        }
        return of(dataSource);
    }

    /**
     * Tells the dialect from a first connection's metadata.
     *
     * @throws StoreUnavailableException if no connection can be had
     * @throws ConfigurationException if the database is neither PostgreSQL nor SQLite
     */
    static ContainerSource of(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
        Dialect dialect = Dialect.ofProductName(product).orElseThrow(() -> new ConfigurationException(KEY,
                "names a " + product + " database; the accounts live in PostgreSQL or SQLite"));
        return new ContainerSource(dataSource, dialect);
    }

    Dialect dialect() {
        return dialect;
    }

    @Override
    public Connection connection() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw e;
        } catch (SQLException e) {
            // a container's pool says "no connection within its wait" in its own words (Tomcat's: no SQLState);
            // a failure to get a connection at all means the database cannot be used now, as with HikariCP
            throw new SQLTransientConnectionException("no connection from the container's DataSource",
                    e.getSQLState(), e);
        }
    }

    @Override
    public void evictIdle() {
        // the container's pool validates its connections itself, as its <Resource> says
    }

    @Override
    public void close() {
        // the container's: it closes the DataSource when the webapp is undeployed
    }
}
