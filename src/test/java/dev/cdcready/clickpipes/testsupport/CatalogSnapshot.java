package dev.cdcready.clickpipes.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a refused run must leave untouched, read as superuser: roles, memberships, schemas, the privileges on every
 * user schema and table (owners' implicit ones included, so an ACL made explicit by a REVOKE compares equal),
 * publications and their tables, default privileges, and the bundle's history schema and table. Two snapshots are
 * equal when nothing of that was written.
 */
public record CatalogSnapshot(List<String> roles, List<String> memberships, List<String> schemas,
                              List<String> grants, List<String> publications, List<String> publishedTables,
                              List<String> defaultAcls, boolean historySchemaExists, boolean historyTableExists) {

    /** The privileges on user schemas and tables, one line per object, grantee and privilege. */
    private static final String GRANTS = """
            SELECT format('table %s to %s: %s', c.oid::regclass, CASE a.grantee WHEN 0 THEN 'PUBLIC'
                          ELSE a.grantee::regrole::text END, a.privilege_type)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace,
                   aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname <> 'information_schema'
               AND n.nspname NOT LIKE 'pg\\_%'
            UNION ALL
            SELECT format('schema %I to %s: %s', n.nspname, CASE a.grantee WHEN 0 THEN 'PUBLIC'
                          ELSE a.grantee::regrole::text END, a.privilege_type)
              FROM pg_catalog.pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
             WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1
            """;

    /** @return the snapshot of {@code database}, read as superuser */
    public static CatalogSnapshot take(TestServer server, String database) throws SQLException {
        try (Connection connection = server.superuser(database)) {
            return take(connection);
        }
    }

    /** @return the snapshot of the connection's database; the connection must be allowed to read the catalog */
    public static CatalogSnapshot take(Connection connection) throws SQLException {
        return new CatalogSnapshot(
                column(connection, "SELECT rolname FROM pg_catalog.pg_roles ORDER BY 1"),
                column(connection, "SELECT roleid::regrole::text || ' > ' || member::regrole::text || ' admin='"
                        + " || admin_option::text FROM pg_catalog.pg_auth_members ORDER BY 1"),
                column(connection, "SELECT nspname FROM pg_catalog.pg_namespace ORDER BY 1"),
                column(connection, GRANTS),
                column(connection, "SELECT pubname || ' all=' || puballtables::text FROM pg_catalog.pg_publication"
                        + " ORDER BY 1"),
                column(connection, "SELECT pubname || ' ' || schemaname || '.' || tablename"
                        + " FROM pg_catalog.pg_publication_tables ORDER BY 1"),
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
