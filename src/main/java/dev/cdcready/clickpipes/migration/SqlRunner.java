package dev.cdcready.clickpipes.migration;

import dev.cdcready.clickpipes.ClickPipesException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Sends statements the bundle built (identifiers quoted, no secrets) and wraps failures once, saying what failed. */
final class SqlRunner {

    private SqlRunner() {
    }

    /**
     * Runs statements in one batch: one round trip for many grants.
     *
     * @param what what is being done, for the error
     */
    static void run(Connection connection, String what, List<String> statements) {
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
}
