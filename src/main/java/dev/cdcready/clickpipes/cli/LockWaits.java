package dev.cdcready.clickpipes.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What a blocked server process waits for — the lock, the table, and the sessions holding it — for the progress line
 * while the migration's own session is stuck. It reads from a session of its own (the command's read-only one, its
 * search_path pinned), opened only when a line is due, so a run that never waits opens no second connection.
 */
final class LockWaits implements IntFunction<Optional<String>>, AutoCloseable {

    /**
     * The ungranted locks of one process, the relation each is on, and who blocks it ({@code pg_blocking_pids}).
     * usename and state of a blocker may be NULL (another role's session); concat_ws leaves them out.
     */
    private static final String WAITS = """
            SELECT l.mode AS mode, l.locktype AS locktype,
                   CASE WHEN c.oid IS NULL THEN NULL
                        ELSE pg_catalog.format('%I.%I', n.nspname, c.relname) END AS relation,
                   (SELECT pg_catalog.string_agg(pg_catalog.format('pid %s (%s)', b.pid,
                               pg_catalog.concat_ws(', ', b.usename, b.state)), '; ' ORDER BY b.pid)
                      FROM pg_catalog.pg_stat_activity b
                     WHERE b.pid OPERATOR(pg_catalog.=) ANY (pg_catalog.pg_blocking_pids(l.pid))) AS blockers
              FROM pg_catalog.pg_locks l
              LEFT JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) l.relation
              LEFT JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
             WHERE l.pid OPERATOR(pg_catalog.=) ?::pg_catalog.int4 AND NOT l.granted
            """;

    private final Supplier<Connection> connect;
    private Connection connection;
    private boolean done;

    /** @param connect opens a read-only session (the command's), called at most once */
    LockWaits(Supplier<Connection> connect) {
        this.connect = connect;
    }

    /**
     * @param backendPid the blocked process; 0 when unknown
     * @return "waiting for … on … held by …", or empty when it waits for no lock or the lookup is not possible: the
     *     progress line is a courtesy, so a failure here only leaves it out (and is not retried)
     */
    @Override
    public synchronized Optional<String> apply(int backendPid) {
        if (backendPid == 0 || done) {
            return Optional.empty();
        }
        try {
            if (connection == null) {
                connection = connect.get();
            }
            List<String> waits = waits(backendPid);
            // Ends the read-only transaction, so no snapshot is held between two lines.
            connection.rollback();
            return waits.isEmpty() ? Optional.empty() : Optional.of("waiting for " + String.join("; ", waits));
        } catch (SQLException | RuntimeException e) {
            close();
            return Optional.empty();
        }
    }

    private List<String> waits(int backendPid) throws SQLException {
        List<String> waits = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(WAITS)) {
            statement.setInt(1, backendPid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String relation = rows.getString("relation");
                    String blockers = rows.getString("blockers");
                    waits.add(rows.getString("mode") + " on " + (relation != null ? relation
                            : "a " + rows.getString("locktype")) + (blockers != null ? " held by " + blockers : ""));
                }
            }
        }
        return waits;
    }

    @Override
    public synchronized void close() {
        done = true;
        if (connection != null) {
            Session.close(connection);
            connection = null;
        }
    }
}
