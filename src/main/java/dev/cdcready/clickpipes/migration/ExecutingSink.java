package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.PasswordSource;
import dev.cdcready.clickpipes.config.Secret;
import dev.cdcready.clickpipes.step.StatementSink;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/** Sends statements the bundle built (identifiers quoted, no secrets) and wraps failures once, saying what failed. */
public final class ExecutingSink implements StatementSink {

    private static final Pattern BATCH_ENTRY = Pattern.compile("^Batch entry (\\d+) ");

    /**
     * Statements per round trip: few enough that a step granting on 100,000 tables reports progress between them,
     * many enough that the round trips stay a small share of the time.
     */
    static final int ROUND_TRIP = 1000;

    /** And at most this much SQL per round trip: a GRANT naming a thousand tables goes nearly alone. */
    static final int ROUND_TRIP_CHARS = 64 * 1024;

    private final Connection connection;
    private final Progress progress;

    /**
     * @param connection the migration's connection, inside its transaction
     * @param progress told before each round trip
     */
    public ExecutingSink(Connection connection, Progress progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /** @param connection the migration's connection; progress goes to the listener installed for this thread */
    public ExecutingSink(Connection connection) {
        this(connection, Progress.current());
    }

    /**
     * Runs the statements in batches (one round trip for many grants), each announced to the {@link Progress}
     * listener first, so that a long step can be reported while it runs.
     */
    @Override
    public void run(String what, List<String> statements) {
        progress.session(backendPid());
        try {
            for (int first = 0; first < statements.size(); ) {
                int end = roundEnd(statements, first);
                List<String> round = statements.subList(first, end);
                progress.sending(what, first + 1, statements.size(), round);
                send(what, round);
                first = end;
            }
        } finally {
            progress.idle();
        }
    }

    private static int roundEnd(List<String> statements, int first) {
        int end = first;
        long chars = 0;
        while (end < statements.size() && end - first < ROUND_TRIP
                && (end == first || chars + statements.get(end).length() <= ROUND_TRIP_CHARS)) {
            chars += statements.get(end).length();
            end++;
        }
        return end;
    }

    /** The driver knows it from the session's start: no round trip. 0 when the connection is not pgjdbc's. */
    private int backendPid() {
        try {
            return connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            return 0;
        }
    }

    private void send(String what, List<String> statements) {
        try (Statement statement = connection.createStatement()) {
            if (statements.size() == 1) {
                statement.execute(statements.get(0));
            } else {
                for (String sql : statements) {
                    statement.addBatch(sql);
                }
                statement.executeBatch();
            }
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            // PostgreSQL's lock timeout error names no table: name it through the statement that waited.
            throw new ClickPipesException("Could not " + what + ": " + cause.getMessage()
                    + ("55P03".equals(cause.getSQLState())
                    ? ". A table in `" + failedStatement(e, statements) + "` is locked by another transaction; the "
                            + "bundle waited clickpipes_lock_timeout. Run migrate again when the lock is gone, or "
                            + "raise clickpipes_lock_timeout." : ""), e);
        }
    }

    /**
     * The statement that failed: the only one, or the batch entry pgjdbc names ("Batch entry 1 ... was aborted"; its
     * update counts cannot tell, as it marks every entry failed when the transaction rolls back). When the driver
     * does not say, all of them.
     */
    private static String failedStatement(SQLException e, List<String> statements) {
        if (statements.size() == 1) {
            return statements.get(0);
        }
        Matcher entry = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        if (e instanceof BatchUpdateException && entry.find()) {
            int index = Integer.parseInt(entry.group(1));
            if (index < statements.size()) {
                return statements.get(index);
            }
        }
        return String.join("; ", statements);
    }

    /**
     * pgjdbc hashes the password on the client (SCRAM-SHA-256) and sends only the verifier, so the plaintext appears
     * in no statement, server log or history row.
     */
    @Override
    public void setPassword(Identifier role, PasswordSource password) {
        try (Secret secret = password.read()) {
            connection.unwrap(PGConnection.class).alterUserPassword(role.value(), secret.chars(), "scram-sha-256");
        } catch (SQLException e) {
            // The driver's message quotes the statement, which holds only the verifier; still, say no more than the
            // state.
            throw new ClickPipesException("Could not set the password of " + role + " (SQLState " + e.getSQLState()
                    + ").", null);
        }
    }

    @Override
    public boolean dryRun() {
        return false;
    }
}
