package dev.cdcready.clickpipes.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/** The catalog reads and test set-up statements the host tests need; every JDBC object is closed. */
final class CatalogQueries {

    static final String HISTORY = "clickpipes_flyway.clickpipes_schema_history";

    private CatalogQueries() {
    }

    static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** A superuser that logs in with a password (SCRAM, hashed on the client): only postgres is trusted. */
    static void createPasswordSuperuser(Connection connection, String role, String password) throws SQLException {
        execute(connection, "CREATE ROLE " + role + " LOGIN SUPERUSER");
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    /** The first column of every row, as text. */
    static List<String> column(Connection connection, String sql, Object... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /** The single value of a one-row query. */
    static String text(Connection connection, String sql, Object... parameters) throws SQLException {
        List<String> values = column(connection, sql, parameters);
        assertEquals(1, values.size(), () -> "expected one row from " + sql + ", got " + values);
        return values.get(0);
    }

    static boolean bool(Connection connection, String sql, Object... parameters) throws SQLException {
        return Boolean.parseBoolean(text(connection, sql, parameters));
    }

    static boolean roleExists(Connection connection, String role) throws SQLException {
        return bool(connection, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)::text", role);
    }

    static boolean historySchemaExists(Connection connection) throws SQLException {
        return bool(connection, "SELECT (to_regnamespace('clickpipes_flyway') IS NOT NULL)::text");
    }

    static boolean hasTablePrivilege(Connection connection, String role, String table, String privilege)
            throws SQLException {
        return bool(connection, "SELECT has_table_privilege(?, ?, ?)::text", role, table, privilege);
    }

    /** Whether pg_default_acl gives the role SELECT on tables the owner creates later in the schema. */
    static boolean defaultSelectFor(Connection connection, String grantee, String owner, String schema)
            throws SQLException {
        return bool(connection, """
                SELECT EXISTS (
                  SELECT 1 FROM pg_default_acl d
                  JOIN pg_namespace n ON n.oid = d.defaclnamespace
                  CROSS JOIN LATERAL aclexplode(d.defaclacl) a
                  WHERE d.defaclrole = ?::regrole AND n.nspname = ? AND d.defaclobjtype = 'r'
                    AND a.grantee = ?::regrole AND a.privilege_type = 'SELECT')::text
                """, owner, schema, grantee);
    }

    /** The history rows: script, installed_by and success, in the order they were applied. */
    static List<String> history(Connection connection) throws SQLException {
        return column(connection, "SELECT script || ' by ' || installed_by || (CASE WHEN success THEN '' ELSE"
                + " ' FAILED' END) FROM " + HISTORY + " WHERE type <> 'SCHEMA' ORDER BY installed_rank");
    }
}
