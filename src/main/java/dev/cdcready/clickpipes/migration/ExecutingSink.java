package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.PasswordSource;
import dev.cdcready.clickpipes.config.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/** Sends statements the bundle built (identifiers quoted, no secrets) and wraps failures once, saying what failed. */
public final class ExecutingSink implements StatementSink {

    private final Connection connection;

    /** @param connection the migration's connection, inside its transaction */
    public ExecutingSink(Connection connection) {
        this.connection = connection;
    }

    /** Runs the statements in one batch: one round trip for many grants. */
    @Override
    public void run(String what, List<String> statements) {
        if (statements.isEmpty()) {
            return;
        }
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
            throw new ClickPipesException("Could not " + what + ": " + cause.getMessage()
                    + (cause.getSQLState() != null && cause.getSQLState().equals("55P03")
                    ? " The table is locked by another transaction; the bundle waited clickpipes_lock_timeout. Run "
                            + "migrate again when the lock is gone, or raise clickpipes_lock_timeout." : ""), e);
        }
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
