package io.github.servletauth.core.internal.store;

import io.github.servletauth.core.internal.password.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gives the accounts that have no username skeleton theirs. Schema version 2 adds the column, but SQL cannot
 * compute a UTS #39 skeleton, so this runs at every start-up after the schema is migrated or checked: a
 * version 2 applied by hand ({@code auth.db.migrate=false}) is filled in too, and once every account has its
 * skeleton a start-up costs one indexed query.
 *
 * <p>Accounts are taken in user id order, so of two existing accounts with confusable names the earlier keeps
 * the skeleton and the later keeps none (NULLs do not collide under the unique index): start-up never fails on
 * old twins, and one warning names them by user id, never by name. New twins of either are still refused,
 * because the skeleton they share is taken.
 */
final class SkeletonBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(SkeletonBackfill.class);

    /** Accounts read and updated per statement batch, so that memory stays flat on large tables. */
    static final int CHUNK = 500;

    /** Pairs named in the warning; the rest are counted. */
    static final int MAX_LOGGED = 50;

    /**
     * An account left without a skeleton because another account holds the same one.
     *
     * @param userId the account without a skeleton
     * @param holderUserId the account that has it
     */
    record Twin(long userId, long holderUserId) {
    }

    private final Transactions tx;

    SkeletonBackfill(Transactions tx) {
        this.tx = tx;
    }

    /** @return the accounts that remain without a skeleton, warned about once */
    List<Twin> run() {
        boolean anyMissing = tx.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT user_id FROM auth_accounts WHERE username_skeleton IS NULL LIMIT 1")) {
                return rs.next();
            }
        });
        if (!anyMissing) {
            return List.of();
        }
        List<Twin> twins = tx.write(c -> {
            SchemaMigrator.lock(c, tx.dialect());
            if (tx.dialect() == Dialect.POSTGRESQL) {
                // registrations wait until the skeletons are in, so none can take one between check and update
                try (Statement s = c.createStatement()) {
                    s.execute("LOCK TABLE auth_accounts IN SHARE ROW EXCLUSIVE MODE");
                }
            }
            return fill(c);
        });
        if (!twins.isEmpty()) {
            LOG.warn(warning(twins));
        }
        return twins;
    }

    private static List<Twin> fill(Connection c) throws SQLException {
        List<Twin> twins = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Long> ids = new ArrayList<>(CHUNK);
            List<String> skeletons = new ArrayList<>(CHUNK);
            try (PreparedStatement select = c.prepareStatement("SELECT user_id, username_key FROM auth_accounts "
                    + "WHERE username_skeleton IS NULL AND user_id > ? ORDER BY user_id LIMIT " + CHUNK)) {
                select.setLong(1, after);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        skeletons.add(Usernames.skeleton(rs.getString(2)));
                    }
                }
            }
            if (ids.isEmpty()) {
                return twins;
            }
            int[] updated;
            try (PreparedStatement update = c.prepareStatement("UPDATE auth_accounts SET username_skeleton = ? "
                    + "WHERE user_id = ? AND NOT EXISTS (SELECT 1 FROM auth_accounts WHERE username_skeleton = ?)")) {
                for (int i = 0; i < ids.size(); i++) {
                    update.setString(1, skeletons.get(i));
                    update.setLong(2, ids.get(i));
                    update.setString(3, skeletons.get(i));
                    update.addBatch();
                }
                updated = update.executeBatch();
            }
            for (int i = 0; i < ids.size(); i++) {
                if (updated[i] == 0) {
                    twins.add(new Twin(ids.get(i), holder(c, skeletons.get(i))));
                }
            }
            after = ids.get(ids.size() - 1);
        }
    }

    private static long holder(Connection c, String skeleton) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id FROM auth_accounts WHERE username_skeleton = ?")) {
            ps.setString(1, skeleton);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One line, user ids only: names are personal data and may hold the very characters under suspicion. */
    static String warning(List<Twin> twins) {
        String pairs = twins.stream().limit(MAX_LOGGED)
                .map(t -> t.userId() + " (like " + t.holderUserId() + ")").collect(Collectors.joining(", "));
        String more = twins.size() > MAX_LOGGED ? " and " + (twins.size() - MAX_LOGGED) + " more" : "";
        return "Accounts whose usernames are confusable with another account's keep no username skeleton ("
                + twins.size() + "); new look-alikes of both are still refused. Check that none impersonates the "
                + "other. User ids: " + pairs + more;
    }
}
