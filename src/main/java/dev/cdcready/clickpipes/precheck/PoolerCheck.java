package dev.cdcready.clickpipes.precheck;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.platform.ServerFactsReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Refuses a connection pooler in transaction or statement mode (PgBouncer, RDS Proxy's multiplexing): it hands one
 * server session to several clients in turn, so session state, server-side prepared statements and the bundle's
 * checks are no longer the session's own — and ClickPipes cannot replicate through a pooler either.
 *
 * <p>The test: two client connections, both open, each ask for {@code pg_backend_pid()} outside a transaction, and the
 * first asks again. On a direct connection every client has its own backend, so the three answers are two pids, the
 * first repeated. A transaction pooler gives the idle server session to whoever asks next, so the second client gets
 * the first one's pid (PgBouncer hands out its most recently used session), or the first client gets a new one.
 * A session pooler keeps a session per client and passes, as it should: it is a plain connection to the bundle.
 */
public final class PoolerCheck {

    /** The finding's code; documented in the README's Troubleshooting. */
    public static final FindingCode CODE = FindingCode.TRANSACTION_POOLER;

    /** The SQLState of "prepared statement already exists", what pgjdbc meets through a transaction pooler. */
    static final String DUPLICATE_PREPARED_STATEMENT = "42P05";

    private static final String BACKEND_PID = "SELECT pg_catalog.pg_backend_pid()";
    private static final String FIX = "Connect to the writer endpoint directly (the cluster endpoint, port 5432), not "
            + "through PgBouncer, RDS Proxy or another pooler; ClickPipes itself needs a direct connection too.";

    /** Opens a new client connection (a data source's, or the executable's). */
    @FunctionalInterface
    public interface ConnectionOpener {
        /** @return a new connection as the migrating role; the caller closes it */
        Connection open() throws SQLException;
    }

    /**
     * A data source whose sessions its owner has already proven direct in this command (the executable checks before
     * Flyway's first query): the bundle's callback then does not open two more connections to ask again.
     */
    public interface ProvenDirect {
        /** @return whether {@link #requireDirectSessions} passed for these sessions */
        boolean directSessionsProven();
    }

    private PoolerCheck() {
    }

    /**
     * @param dataSource a data source, possibly wrapping a {@link ProvenDirect} one
     * @return whether its sessions were already proven direct
     */
    public static boolean alreadyProven(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(ProvenDirect.class)
                    && dataSource.unwrap(ProvenDirect.class).directSessionsProven();
        } catch (SQLException | RuntimeException e) {
            // A host's data source may not implement unwrapping at all: then nothing was proven, so ask.
            return false;
        }
    }

    /**
     * Throws {@link PreCheckRefusedException} with a {@value #CODE} finding when the connections share server
     * sessions. Writes nothing.
     *
     * @param opener where connections come from; the messages do not name the endpoint, as a JDBC URL may hold a
     *     password
     */
    public static void requireDirectSessions(ConnectionOpener opener) {
        try (Connection first = opener.open(); Connection second = opener.open()) {
            first.setAutoCommit(true);
            second.setAutoCommit(true);
            long firstPid = backendPid(first);
            long secondPid = backendPid(second);
            long firstAgain = backendPid(first);
            if (firstPid != secondPid && firstPid == firstAgain) {
                return;
            }
            String found = firstPid == secondPid
                    ? "Two separate connections to the endpoint were served by the same server session (backend "
                    + "pid " + firstPid + ")"
                    : "One connection to the endpoint was served by two server sessions in turn (backend pids "
                    + firstPid + " and " + firstAgain + ")";
            Finding finding = Finding.error(CODE, found + ": that is a connection pooler in transaction or statement "
                    + "mode (PgBouncer, RDS Proxy). The bundle needs a session of its own, and ClickPipes cannot "
                    + "replicate through a pooler either.", FIX);
            throw new PreCheckRefusedException(new PreCheckReport(ServerFactsReader.read(first), List.of(finding)));
        } catch (SQLException e) {
            throw new ClickPipesException("Could not check the endpoint for a connection pooler (SQLState "
                    + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Recognises what a transaction pooler does to pgjdbc (a server-side prepared statement of another client is
     * already there), wherever it surfaces.
     *
     * @param error a failure
     * @return the {@value #CODE} finding when the failure is that symptom
     */
    public static Optional<Finding> symptom(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            boolean duplicate = t instanceof SQLException sql && DUPLICATE_PREPARED_STATEMENT.equals(sql.getSQLState());
            String message = t.getMessage();
            if (duplicate || message != null && message.contains("prepared statement \"S_")) {
                return Optional.of(Finding.error(CODE, "The server said: " + firstLine(message) + " This happens "
                        + "when the connection goes through a pooler in transaction mode (PgBouncer, RDS Proxy), "
                        + "which hands one server session to several clients. Migrations are transactions, so none "
                        + "is half-applied, but which of them ran before the failure cannot be told from here.",
                        FIX + " Then run info there to see what was applied, and migrate again."));
            }
        }
        return Optional.empty();
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(BACKEND_PID)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
