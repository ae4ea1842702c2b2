package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.JndiBindings;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store contract on a PostgreSQL DataSource found through JNDI ({@code auth.db.jndi-name}), as a container
 * provides one: the same store, with no pool of its own.
 */
class PostgresContainerAccountStoreTest extends AccountStoreContract {
    private static final String NAME = "java:comp/env/jdbc/accounts";

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();
    @RegisterExtension
    final JndiBindings jndi = new JndiBindings();

    @Override
    AuthConfig.Builder config() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(pg.jdbcUrl());
        jndi.bind(NAME, dataSource);
        return AuthConfig.builder().set("auth.db.jndi-name", NAME)
                .set("auth.jwt.secret", PostgresAccountStoreTest.randomSecret());
    }
}
