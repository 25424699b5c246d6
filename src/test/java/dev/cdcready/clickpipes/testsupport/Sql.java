package dev.cdcready.clickpipes.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC and catalog helpers; every JDBC object is closed. */
public final class Sql {

    private Sql() {
    }

    public static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of every row, as text (null stays null). */
    public static List<String> column(Connection connection, String sql, Object... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Every row, its columns joined with '|'. */
    public static List<String> rows(Connection connection, String sql, Object... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                values.add(row.toString());
            }
        }
        return values;
    }

    /** The single value of a one-row query. */
    public static String text(Connection connection, String sql, Object... parameters) throws SQLException {
        List<String> values = column(connection, sql, parameters);
        assertEquals(1, values.size(), () -> "expected one row from " + sql + ", got " + values);
        return values.get(0);
    }

    public static boolean bool(Connection connection, String sql, Object... parameters) throws SQLException {
        return Boolean.parseBoolean(text(connection, sql, parameters));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    // ---- catalog facts about clickpipes_user ----

    public static boolean roleExists(Connection connection, String role) throws SQLException {
        return bool(connection, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)::text", role);
    }

    public static boolean canLoginWithReplication(Connection connection, String role) throws SQLException {
        return bool(connection, "SELECT coalesce((SELECT rolcanlogin AND rolreplication FROM pg_roles"
                + " WHERE rolname = ?), false)::text", role);
    }

    public static boolean hasSchemaPrivilege(Connection connection, String role, String schema, String privilege)
            throws SQLException {
        return bool(connection, "SELECT has_schema_privilege(?, ?, ?)::text", role, schema, privilege);
    }

    public static boolean hasTablePrivilege(Connection connection, String role, String table, String privilege)
            throws SQLException {
        return bool(connection, "SELECT has_table_privilege(?, ?, ?)::text", role, table, privilege);
    }

    /** Whether pg_default_acl gives the role SELECT on tables the owner creates later in the schema. */
    public static boolean defaultSelectFor(Connection connection, String grantee, String owner, String schema)
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

    /** The tables a publication publishes, as schema.table, sorted. */
    public static List<String> publishedTables(Connection connection, String publication) throws SQLException {
        return column(connection, "SELECT schemaname || '.' || tablename FROM pg_publication_tables"
                + " WHERE pubname = ? ORDER BY 1", publication);
    }

    public static String publicationOid(Connection connection, String publication) throws SQLException {
        return text(connection, "SELECT oid::text FROM pg_publication WHERE pubname = ?", publication);
    }

    public static boolean publicationExists(Connection connection, String publication) throws SQLException {
        return bool(connection, "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = ?)::text",
                publication);
    }
}
