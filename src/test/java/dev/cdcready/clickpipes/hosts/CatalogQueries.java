package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.testsupport.Sql.bool;
import static dev.cdcready.clickpipes.testsupport.Sql.column;
import static dev.cdcready.clickpipes.testsupport.Sql.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/** The catalog reads and test set-up statements the host tests need; every JDBC object is closed. */
final class CatalogQueries {

    static final String HISTORY = "clickpipes_flyway.clickpipes_schema_history";

    private CatalogQueries() {
    }

    /** A superuser that logs in with a password (SCRAM, hashed on the client): only postgres is trusted. */
    static void createPasswordSuperuser(Connection connection, String role, String password) throws SQLException {
        execute(connection, "CREATE ROLE " + role + " LOGIN SUPERUSER");
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    static boolean historySchemaExists(Connection connection) throws SQLException {
        return bool(connection, "SELECT (to_regnamespace('clickpipes_flyway') IS NOT NULL)::text");
    }

    /** The history rows: script, installed_by and success, in the order they were applied. */
    static List<String> history(Connection connection) throws SQLException {
        return column(connection, "SELECT script || ' by ' || installed_by || (CASE WHEN success THEN '' ELSE"
                + " ' FAILED' END) FROM " + HISTORY + " WHERE type <> 'SCHEMA' ORDER BY installed_rank");
    }
}
