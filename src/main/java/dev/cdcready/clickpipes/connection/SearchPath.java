package dev.cdcready.clickpipes.connection;

import dev.cdcready.clickpipes.ClickPipesException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Pins the session's search_path to pg_catalog alone. Flyway's own queries name functions and operators without a
 * schema, and on a connection the bundle owns they must resolve in pg_catalog, not in a schema a database owner (or,
 * on PostgreSQL 12-14, any role) could put objects in. Flyway later prepends only its history schema
 * ({@code "clickpipes_flyway",pg_catalog}), which {@link HistorySchemaGuard} has checked first.
 */
public final class SearchPath {

    /** The setting's value; also what the README gives for the JDBC URL of hosts that own the connection. */
    public static final String PINNED = "pg_catalog";

    // set_config itself is named with its schema, and the value is a literal: nothing here resolves elsewhere.
    private SearchPath() {
    }

    private static final String READ_AND_PIN = "SELECT pg_catalog.current_setting('search_path'), "
            + "pg_catalog.set_config('search_path', 'pg_catalog', false)";
    private static final String RESTORE = "SELECT pg_catalog.set_config('search_path', ?::pg_catalog.text, false)";

    /** @param connection a new connection, before anything else runs on it */
    public static void pin(Connection connection) {
        pinAndRead(connection);
    }

    /**
     * @param connection a new connection, before anything else runs on it
     * @return the search_path it had, for {@link #restore}
     */
    static String pinAndRead(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(READ_AND_PIN)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new ClickPipesException("Could not set the search_path to pg_catalog: " + e.getMessage(), e);
        }
    }

    /**
     * Gives a pooled connection back its search_path, so the application finds its tables again after the bundle.
     *
     * @param connection the connection
     * @param searchPath what {@link #pinAndRead} returned
     */
    static void restore(Connection connection, String searchPath) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RESTORE)) {
            statement.setString(1, searchPath);
            statement.execute();
        }
    }
}
