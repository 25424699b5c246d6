package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.testsupport.Sql.execute;
import static dev.cdcready.clickpipes.testsupport.Sql.bool;
import static dev.cdcready.clickpipes.testsupport.Sql.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** What the host tests read from the catalog, as the superuser, and the login round trip as clickpipes_user. */
final class HostCatalog {

    /** The application's own history table, Flyway's default, in public. */
    static final String APP_HISTORY = "public.flyway_schema_history";
    /** The bundle's history table. */
    static final String BUNDLE_HISTORY = "clickpipes_flyway.clickpipes_schema_history";
    /** The scripts of the application's migrations (src/test/resources/hosts/app-migrations). */
    static final List<String> APP_SCRIPTS = List.of("V1__Create_orders.sql", "V2__Create_sales_schema.sql");
    /** The bundle's migrations as its history table names them, in the order they run. */
    static final List<String> BUNDLE_SCRIPTS = List.of("V1__Require_writer_with_logical_replication.sql",
            "db.clickpipes.V2__Create_replication_role", "db.clickpipes.V3__Set_replication_role_password",
            "db.clickpipes.V4__Grant_replication_privilege", "db.clickpipes.R__Grant_schema_access",
            "db.clickpipes.R__Maintain_publication");
    /** The application's tables, both with primary keys. */
    static final List<String> APP_TABLES = List.of("public.orders", "sales.invoices");

    private HostCatalog() {
    }

    /** A role name no other test on the shared server uses: roles are cluster-wide. */
    static String uniqueRole(String purpose) {
        return "cp_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The scripts of the successful migrations a history table holds, in installed order (Flyway's own rows left out). */
    static List<String> historyScripts(Connection connection, String table) throws SQLException {
        return column(connection, "SELECT script FROM " + table + " WHERE success AND type <> 'SCHEMA'"
                + " ORDER BY installed_rank");
    }

    static boolean exists(Connection connection, String sql, String name) throws SQLException {
        return Boolean.parseBoolean(column(connection, "SELECT EXISTS (" + sql + ")::text", name).get(0));
    }

    static boolean roleExists(Connection connection, String role) throws SQLException {
        return exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role);
    }

    static boolean bundleSchemaExists(Connection connection) throws SQLException {
        return exists(connection, "SELECT 1 FROM pg_namespace WHERE nspname = ?", "clickpipes_flyway");
    }

    /**
     * Asserts what ClickPipes needs, from the catalog and by logging in: a LOGIN role with REPLICATION, SELECT and no
     * INSERT on every table, default privileges for every owner in every schema, a FOR ALL TABLES publication.
     */
    static void assertReady(TestServer server, String database, String user, String password, List<String> tables,
                            List<String> owners, List<String> schemas) throws SQLException {
        try (Connection connection = server.superuser(database)) {
            assertEquals(List.of("true|true|false"), column(connection, "SELECT rolcanlogin::text || '|' ||"
                    + " rolreplication::text || '|' || rolsuper::text FROM pg_roles WHERE rolname = ?", user),
                    "LOGIN, REPLICATION, not superuser");
            for (String table : tables) {
                assertTrue(bool(connection, "SELECT has_table_privilege(?, ?, 'SELECT')::text", user, table),
                        "SELECT on " + table);
                assertFalse(bool(connection, "SELECT has_table_privilege(?, ?, 'INSERT')::text", user, table),
                        "no INSERT on " + table);
            }
            for (String owner : owners) {
                for (String schema : schemas) {
                    assertTrue(bool(connection, """
                            SELECT EXISTS (SELECT 1 FROM pg_default_acl d
                              JOIN pg_namespace n ON n.oid = d.defaclnamespace
                              CROSS JOIN LATERAL aclexplode(d.defaclacl) a
                             WHERE d.defaclrole = ?::regrole AND n.nspname = ? AND d.defaclobjtype = 'r'
                               AND a.grantee = ?::regrole AND a.privilege_type = 'SELECT')::text
                            """, owner, schema, user), "pg_default_acl: tables " + owner + " creates in " + schema);
                }
            }
            assertEquals(List.of("true"), column(connection,
                    "SELECT puballtables::text FROM pg_publication WHERE pubname = 'clickpipes_publication'"));
        }
        try (Connection login = server.login(database, user, password)) {
            for (String table : tables) {
                assertEquals(1, Integer.parseInt(column(login, "SELECT count(*)::text FROM " + table).get(0)),
                        "clickpipes_user reads " + table);
            }
            SQLException denied = assertThrows(SQLException.class, () -> execute(login,
                    "INSERT INTO " + tables.get(0) + " VALUES (2, 'not allowed')"));
            assertEquals("42501", denied.getSQLState());
        }
        SQLException wrong = assertThrows(SQLException.class, () -> server.login(database, user, "wrong").close());
        assertEquals("28P01", wrong.getSQLState());
    }
}
