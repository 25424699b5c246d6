package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.PostgresVersions;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundle with its defaults on a fresh database of every supported PostgreSQL major. */
class BundleMigrateIT {

    private static final String USER = "clickpipes_user";
    private static final String PUBLICATION = "clickpipes_publication";
    private static final String PASSWORD = "Bundle-migrate-secret-1";

    static Stream<Integer> majors() {
        return PostgresVersions.supportedMajors().stream();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void freshDatabaseBecomesACdcSourceAndASecondMigrateChangesNothing(int major) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.orders VALUES (1, 'first order')");
        }
        // Only the password is given: every other setting takes its default.
        Map<String, String> placeholders = Migrations.placeholders(null, PASSWORD);

        MigrateResult first = Migrations.migrate(server, database, placeholders);

        assertEquals(6, first.migrationsExecuted, () -> "executed: " + Migrations.descriptions(first));
        List<String> before;
        try (Connection connection = server.superuser(database)) {
            assertEquals(List.of("1", "2", "3", "4"), Sql.column(connection, "SELECT version FROM "
                    + "clickpipes_flyway.clickpipes_schema_history WHERE success AND version IS NOT NULL ORDER BY 1"));
            assertEquals(List.of("Grant schema access", "Maintain publication"), Sql.column(connection,
                    "SELECT description FROM clickpipes_flyway.clickpipes_schema_history"
                            + " WHERE success AND version IS NULL AND type <> 'SCHEMA' ORDER BY 1"));
            assertTrue(Sql.canLoginWithReplication(connection, USER), "clickpipes_user has LOGIN and REPLICATION");
            assertFalse(Sql.bool(connection, "SELECT rolsuper::text FROM pg_roles WHERE rolname = ?", USER));
            assertEquals("0", Sql.text(connection, "SELECT count(*)::text FROM pg_auth_members"
                    + " WHERE member = ?::regrole", USER), "plain PostgreSQL: the attribute, no role membership");
            assertTrue(Sql.hasSchemaPrivilege(connection, USER, "public", "USAGE"));
            assertTrue(Sql.hasTablePrivilege(connection, USER, "public.orders", "SELECT"));
            assertFalse(Sql.hasTablePrivilege(connection, USER, "public.orders", "INSERT"));
            assertTrue(Sql.defaultSelectFor(connection, USER, "postgres", "public"),
                    "tables postgres creates later in public are readable");
            assertEquals("true", Sql.text(connection,
                    "SELECT puballtables::text FROM pg_publication WHERE pubname = ?", PUBLICATION));
            if (major >= 13) {
                assertEquals("true", Sql.text(connection,
                        "SELECT pubviaroot::text FROM pg_publication WHERE pubname = ?", PUBLICATION));
            }
            // FOR ALL TABLES: every table, the bundle's own history table included.
            assertEquals(List.of("clickpipes_flyway.clickpipes_schema_history", "public.orders"),
                    Sql.publishedTables(connection, PUBLICATION));
            before = snapshot(connection);
        }

        try (Connection login = server.login(database, USER, PASSWORD)) {
            assertEquals("first order", Sql.text(login, "SELECT note FROM public.orders WHERE id = 1"));
            SQLException denied = assertThrows(SQLException.class,
                    () -> Sql.execute(login, "INSERT INTO public.orders VALUES (2, 'not allowed')"));
            assertEquals("42501", denied.getSQLState());
        }
        SQLException refused = assertThrows(SQLException.class,
                () -> server.login(database, USER, "not-the-password").close());
        assertEquals("28P01", refused.getSQLState());

        MigrateResult second = Migrations.migrate(server, database, placeholders);

        assertEquals(0, second.migrationsExecuted, () -> "executed: " + Migrations.descriptions(second));
        try (Connection connection = server.superuser(database)) {
            assertEquals(before, snapshot(connection));
        }
        try (Connection login = server.login(database, USER, PASSWORD)) {
            assertEquals("first order", Sql.text(login, "SELECT note FROM public.orders WHERE id = 1"));
        }
    }

    /** Everything the bundle manages, as text: role, password hash, memberships, grants, defaults, publication. */
    private static List<String> snapshot(Connection connection) throws SQLException {
        List<String> state = new ArrayList<>();
        state.addAll(Sql.rows(connection, "SELECT r.rolname, r.rolcanlogin, r.rolreplication, r.rolsuper,"
                + " r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolconnlimit, md5(a.rolpassword)"
                + " FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname = ?", USER));
        state.addAll(Sql.rows(connection, "SELECT 'member of ' || roleid::regrole FROM pg_auth_members"
                + " WHERE member = ?::regrole ORDER BY 1", USER));
        state.addAll(Sql.rows(connection, "SELECT 'table ' || c.oid::regclass, a.privilege_type FROM pg_class c"
                + " CROSS JOIN LATERAL aclexplode(c.relacl) a WHERE a.grantee = ?::regrole ORDER BY 1, 2", USER));
        state.addAll(Sql.rows(connection, "SELECT 'schema ' || n.nspname, a.privilege_type FROM pg_namespace n"
                + " CROSS JOIN LATERAL aclexplode(n.nspacl) a WHERE a.grantee = ?::regrole ORDER BY 1, 2", USER));
        state.addAll(Sql.rows(connection, "SELECT 'default ' || d.defaclrole::regrole, d.defaclnamespace::regnamespace,"
                + " d.defaclobjtype, a.privilege_type FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) a"
                + " WHERE a.grantee = ?::regrole ORDER BY 1, 2, 3, 4", USER));
        state.addAll(Sql.rows(connection, "SELECT to_jsonb(p)::text FROM pg_publication p ORDER BY pubname"));
        state.addAll(Sql.rows(connection, "SELECT 'published ' || schemaname || '.' || tablename"
                + " FROM pg_publication_tables ORDER BY 1"));
        state.addAll(Sql.rows(connection, "SELECT 'history ' || count(*) FROM clickpipes_flyway.clickpipes_schema_history"));
        return state;
    }
}
