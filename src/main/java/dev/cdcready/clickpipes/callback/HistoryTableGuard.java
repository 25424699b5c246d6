package dev.cdcready.clickpipes.callback;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.catalog.BundleHistory;
import dev.cdcready.clickpipes.config.Identifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * The bundle keeps its own history table. Sharing the application's would mix two migration sets: Flyway would fail
 * validation on one or the other, and a clean of one would undo the other.
 */
public final class HistoryTableGuard {

    /** Every script name the bundle has ever recorded. Kept in step with the migrations by a test. */
    public static final List<String> BUNDLE_SCRIPTS = List.of(
            "V1__Require_writer_with_logical_replication.sql",
            "db.clickpipes.V2__Create_replication_role",
            "db.clickpipes.V3__Set_replication_role_password",
            "db.clickpipes.V4__Grant_replication_privilege",
            "db.clickpipes.R__Grant_schema_access",
            "db.clickpipes.R__Maintain_publication");

    private HistoryTableGuard() {
    }

    /**
     * @param configuration a Flyway configuration
     * @return the schema Flyway keeps its history table in: the default schema, else the first of {@code schemas},
     *     else {@code public}
     */
    public static String schemaOf(Configuration configuration) {
        return BundleHistory.schemaOf(configuration);
    }

    /**
     * @param connection any connection to the database
     * @param schema the history table's schema; null for the current schema
     * @param table the history table's name
     * @return whether the table exists
     * @throws ClickPipesException when the table holds migrations that are not the bundle's
     */
    public static boolean requireBundleOnly(Connection connection, String schema, String table) {
        String qualified = (schema == null ? "" : new Identifier(schema).quoted() + ".") + new Identifier(table).quoted();
        try {
            if (!exists(connection, qualified)) {
                return false;
            }
            List<String> foreign = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT script FROM " + qualified
                    + " WHERE NOT type OPERATOR(pg_catalog.=) ANY ('{SCHEMA,BASELINE}')"
                    + " AND NOT script OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[]) ORDER BY installed_rank"
                    + " LIMIT 5")) {
                statement.setArray(1, connection.createArrayOf("text", BUNDLE_SCRIPTS.toArray()));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        foreign.add(rs.getString(1));
                    }
                }
            }
            if (!foreign.isEmpty()) {
                throw new ClickPipesException("The history table " + qualified + " holds migrations that are not the "
                        + "ClickPipes bundle's (" + String.join(", ", foreign) + "); the bundle must not share the "
                        + "application's history table. Give the bundle its own: -table=clickpipes_schema_history "
                        + "-schemas=clickpipes_flyway (Flyway CLI), or use ClickPipesFlyway.configure(...) (API).");
            }
            return true;
        } catch (SQLException e) {
            throw new ClickPipesException("Could not read the history table " + qualified + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String qualified) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_catalog.to_regclass(?::pg_catalog.text) IS NOT NULL")) {
            statement.setString(1, qualified);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
