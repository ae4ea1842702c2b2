package io.github.servletauth.core.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a store's connections come from: a HikariCP pool the store owns ({@link HikariSource}), or a
 * {@code DataSource} the container pools ({@link ContainerSource}), which the store only borrows from.
 */
interface ConnectionSource {

    /** @return a connection; closing it gives it back */
    Connection connection() throws SQLException;

    /**
     * @return a connection to hold for as long as the store lives (the revocation listener's): by default one of
     *         the pool's, kept out of it until closed; a pool the store owns opens one beside it instead
     */
    default Connection heldConnection() throws SQLException {
        return connection();
    }

    /**
     * Called after a connection broke: a pool that can should drop its idle connections to the same server,
     * which most likely broke too.
     */
    void evictIdle();

    /** Releases what the store owns; a container's {@code DataSource} stays open. */
    void close();
}
