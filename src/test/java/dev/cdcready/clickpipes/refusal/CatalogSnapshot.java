package dev.cdcready.clickpipes.refusal;

import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a refused run must leave untouched, read as superuser: roles, memberships, schemas, publications, default
 * privileges, and the bundle's history schema and table. Two snapshots are equal when nothing of that was written.
 */
record CatalogSnapshot(List<String> roles, List<String> memberships, List<String> schemas,
                       List<String> publications, List<String> defaultAcls, boolean historySchemaExists,
                       boolean historyTableExists) {

    static CatalogSnapshot take(TestServer server, String database) throws SQLException {
        try (Connection connection = server.superuser(database)) {
            return take(connection);
        }
    }

    static CatalogSnapshot take(Connection connection) throws SQLException {
        return new CatalogSnapshot(
                column(connection, "SELECT rolname FROM pg_catalog.pg_roles ORDER BY 1"),
                column(connection, "SELECT roleid::regrole::text || ' > ' || member::regrole::text || ' admin='"
                        + " || admin_option::text FROM pg_catalog.pg_auth_members ORDER BY 1"),
                column(connection, "SELECT nspname FROM pg_catalog.pg_namespace ORDER BY 1"),
                column(connection, "SELECT pubname FROM pg_catalog.pg_publication ORDER BY 1"),
                column(connection, "SELECT defaclrole::regrole::text || ' ' || defaclnamespace::text || ' '"
                        + " || defaclobjtype::text || ' ' || defaclacl::text FROM pg_catalog.pg_default_acl ORDER BY 1"),
                bool(connection, "SELECT to_regnamespace('clickpipes_flyway') IS NOT NULL"),
                bool(connection, "SELECT to_regclass('clickpipes_flyway.clickpipes_schema_history') IS NOT NULL"));
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static boolean bool(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
