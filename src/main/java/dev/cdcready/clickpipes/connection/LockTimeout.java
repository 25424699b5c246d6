package dev.cdcready.clickpipes.connection;

import dev.cdcready.clickpipes.ClickPipesException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code clickpipes_lock_timeout}, applied to the transaction that writes. */
public final class LockTimeout {

    private LockTimeout() {
    }

    /**
     * Bounds every lock wait of the current transaction.
     *
     * @param connection a connection inside a transaction
     * @param lockTimeout the {@code clickpipes_lock_timeout} setting
     */
    public static void set(Connection connection, String lockTimeout) {
        // Transaction-local: a bundle migration never waits longer than this for a table lock, and the setting does
        // not outlive the migration.
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_catalog.set_config('lock_timeout', ?::pg_catalog.text, true)")) {
            statement.setString(1, lockTimeout);
            statement.execute();
        } catch (SQLException e) {
            throw new ClickPipesException("Could not set lock_timeout to " + lockTimeout + ": " + e.getMessage(), e);
        }
    }
}
