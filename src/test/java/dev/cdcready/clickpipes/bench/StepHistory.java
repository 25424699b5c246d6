package dev.cdcready.clickpipes.bench;

import dev.cdcready.clickpipes.config.ReservedSchemas;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The schema-access step's rows in the bundle's history table: the "re-apply with nothing missing" variant changes the
 * latest row's checksum so that Flyway runs the step again on a database where it has nothing to grant, and proves
 * afterwards that it did run (one more successful row).
 */
final class StepHistory {

    /** The step's script name in the history table ends so (the Java migration's class name). */
    private static final String SCHEMA_ACCESS = "%R\\_\\_Grant\\_schema\\_access";
    private static final String TABLE = ReservedSchemas.BUNDLE_HISTORY_SCHEMA + "."
            + ReservedSchemas.BUNDLE_HISTORY_TABLE;

    private StepHistory() {
    }

    /** @return the successful runs of the schema-access step recorded so far */
    static long schemaAccessRuns(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT pg_catalog.count(*) AS runs FROM " + TABLE
                + " WHERE script OPERATOR(pg_catalog.~~) ?::pg_catalog.text AND success")) {
            count.setString(1, SCHEMA_ACCESS);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong("runs");
            }
        }
    }

    /**
     * Flips bit 1 of the latest schema-access row's checksum. Its settings part (all bits but the lowest) then no
     * longer matches the configuration, so the bundle's checksum is the configured one and Flyway re-runs the step,
     * exactly as after a settings change — with the same settings, so nothing is missing.
     */
    static void forgetSchemaAccess(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                + " SET checksum = checksum OPERATOR(pg_catalog.#) 2 WHERE installed_rank OPERATOR(pg_catalog.=)"
                + " (SELECT pg_catalog.max(installed_rank) FROM " + TABLE
                + " WHERE script OPERATOR(pg_catalog.~~) ?::pg_catalog.text AND success)")) {
            update.setString(1, SCHEMA_ACCESS);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("No schema-access row in " + TABLE + " to re-run");
            }
        }
    }
}
