package io.github.servletauth.core.internal.store;

import java.util.List;

/**
 * Told of revocations as they commit, by whichever instance sharing the database made them (PostgreSQL
 * {@code LISTEN}/{@code NOTIFY}; see {@link AccountStore#listenForRevocations}). Called on the store's listener
 * thread: implementations return quickly.
 */
public interface RevocationListener {

    /**
     * @param sessionIds sessions whose revocation was just committed (possibly by this instance)
     */
    void revoked(List<String> sessionIds);

    /**
     * The store listens (again), after connecting or reconnecting: revocations committed while it did not
     * listen were never notified, so the caller reads them now.
     */
    void listening();
}
