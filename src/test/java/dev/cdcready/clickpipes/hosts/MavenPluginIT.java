package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.testsupport.Sql.execute;
import static dev.cdcready.clickpipes.testsupport.Sql.text;
import static dev.cdcready.clickpipes.testsupport.Sql.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The bundle run by the Flyway Maven plugin: {@code examples/maven-plugin}, as maven-invoker-plugin built it (the plugin,
 * the bundle and the driver resolved), run by a real, separate Maven with the plugin version of that example (not the
 * Flyway this project compiles against) against a database this test prepares, checked in the catalog; after drift, one plain
 * {@code mvn flyway:migrate} repairs it.
 */
class MavenPluginIT {

    private static final String PASSWORD = "Maven-plugin-secret-1";
    private static final String ADMIN_PASSWORD = "Maven-admin-secret-1";
    private static final String PUBLICATION = "clickpipes_publication";
    private static final String HISTORY = "clickpipes_flyway.clickpipes_schema_history";

    @Test
    void flywayMigrateThroughThePluginMakesACdcSourceASecondRunAppliesNothingAndAThirdRepairsDrift()
            throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String suffix = Long.toHexString(System.nanoTime());
        String admin = "cp_mvn_admin_" + suffix;
        String user = "cp_mvn_" + suffix;
        try (Connection connection = server.superuser(database)) {
            // A migrating role that must prove its password, so FLYWAY_PASSWORD is really what logs Flyway in.
            execute(connection, "CREATE ROLE " + admin + " LOGIN SUPERUSER PASSWORD '" + ADMIN_PASSWORD + "'",
                    "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.orders VALUES (1, 'first order')");
        }
        Map<String, String> environment = Map.of("FLYWAY_PASSWORD", ADMIN_PASSWORD, "CLICKPIPES_PASSWORD", PASSWORD);

        // One plain mvn flyway:migrate of the example, as this migrating role, for this clickpipes_user.
        Supplier<ExampleBuild.Result> mvnFlywayMigrate = () -> ExampleBuild.flywayMigrate(
                server.jdbcUrl(database) + DocumentedUsage.PINNED_SEARCH_PATH, admin, environment,
                "-Dclickpipes.user=" + user);
        ExampleBuild.Result first = mvnFlywayMigrate.get();

        assertEquals(0, first.exitCode(), first.output());
        String pluginVersion = System.getProperty("flyway-maven-plugin.version");
        assertTrue(first.output().contains("flyway-maven-plugin:" + pluginVersion + ":migrate"), first.output());
        List<String> flywayCores = ExampleBuild.resolvedVersions("org.flywaydb", "flyway-core");
        assertTrue(flywayCores.contains(pluginVersion) && !flywayCores.contains(compiledFlywayVersion()),
                "the plugin's own Flyway ran the bundle, not the one it is compiled against: " + flywayCores);
        assertTrue(first.output().contains("Successfully applied 6 migrations"), first.output());
        assertSecretsAbsent(first.output());
        try (Connection connection = server.superuser(database)) {
            assertEquals("true|true|false", text(connection,
                    "SELECT rolcanlogin || '|' || rolreplication || '|' || rolsuper FROM pg_roles WHERE rolname = ?",
                    user));
            assertEquals("true", text(connection, "SELECT has_schema_privilege(?, 'public', 'USAGE')::text", user));
            assertEquals("true", text(connection,
                    "SELECT has_table_privilege(?, 'public.orders', 'SELECT')::text", user));
            assertEquals("false", text(connection,
                    "SELECT has_table_privilege(?, 'public.orders', 'INSERT')::text", user));
            assertEquals("true", text(connection, """
                    SELECT EXISTS (
                      SELECT 1 FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) a
                      WHERE d.defaclrole = 'postgres'::regrole AND d.defaclnamespace = 'public'::regnamespace
                        AND d.defaclobjtype = 'r' AND a.grantee = ?::regrole AND a.privilege_type = 'SELECT')::text
                    """, user), "tables postgres creates later in public are readable");
            assertEquals("true", text(connection,
                    "SELECT puballtables::text FROM pg_publication WHERE pubname = ?", PUBLICATION));
            assertEquals(List.of("1|" + admin, "2|" + admin, "3|" + admin, "4|" + admin,
                            "Grant schema access|" + admin, "Maintain publication|" + admin),
                    column(connection, "SELECT coalesce(version, description) || '|' || installed_by FROM " + HISTORY
                            + " WHERE success AND type <> 'SCHEMA' ORDER BY installed_rank"));
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertEquals("first order", text(login, "SELECT note FROM public.orders WHERE id = ?", 1));
        }

        ExampleBuild.Result second = mvnFlywayMigrate.get();

        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("No migration necessary"), second.output());
        assertSecretsAbsent(second.output());
        String lastRank;
        try (Connection connection = server.superuser(database)) {
            assertEquals("7", text(connection, "SELECT count(*)::text FROM " + HISTORY),
                    "the schema row and six migrations, nothing more");
            lastRank = text(connection, "SELECT max(installed_rank)::text FROM " + HISTORY);
            Convergence.assertChecksumsFromTheHook(connection, user, "public");
            Convergence.drift(connection, user);
            assertTrue(Convergence.drifted(connection, user, "public"));
        }

        // Drift (revoked SELECT, NOLOGIN NOREPLICATION, dropped publication), then one plain mvn flyway:migrate.
        ExampleBuild.Result repair = mvnFlywayMigrate.get();

        assertEquals(0, repair.exitCode(), repair.output());
        assertTrue(repair.output().contains("ClickPipes repaired drift"), repair.output());
        assertSecretsAbsent(repair.output());
        try (Connection migrator = server.login(database, admin, ADMIN_PASSWORD)) {
            Convergence.assertVerifies(migrator, user, "public");
            Convergence.assertChecksumsFromTheHook(migrator, user, "public");
            assertEquals(List.of("Grant schema access|" + admin, "Maintain publication|" + admin), column(migrator,
                    "SELECT description || '|' || installed_by FROM " + HISTORY + " WHERE installed_rank > ?"
                            + " ORDER BY installed_rank", Integer.parseInt(lastRank)), "Flyway's history shows the repairing run");
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertEquals("first order", text(login, "SELECT note FROM public.orders WHERE id = ?", 1),
                    "clickpipes_user logs in and reads again");
        }
    }

    @Test
    void auroraReaderIsRefusedByThePreCheckAndNothingIsWritten() throws SQLException {
        TestServer reader = TestServers.get(ServerSpec.aurora(17).asReader());
        String database = TestServer.READER_DATABASE;
        List<String> before = catalog(reader, database);

        ExampleBuild.Result result = ExampleBuild.flywayMigrate(
                reader.jdbcUrl(database) + DocumentedUsage.PINNED_SEARCH_PATH, "postgres",
                Map.of("FLYWAY_PASSWORD", ADMIN_PASSWORD, "CLICKPIPES_PASSWORD", PASSWORD));

        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("NOT_WRITER"), result.output());
        assertFalse(result.output().contains("read-only transaction"),
                "refused by the pre-check, not by a failed write:\n" + result.output());
        assertSecretsAbsent(result.output());
        assertEquals(before, catalog(reader, database));
    }

    /** The Flyway this project compiles against, from flyway-core's own pom.properties. */
    private static String compiledFlywayVersion() {
        String resource = "/META-INF/maven/org.flywaydb/flyway-core/pom.properties";
        try (InputStream in = Flyway.class.getResourceAsStream(resource)) {
            Properties properties = new Properties();
            properties.load(Objects.requireNonNull(in, resource));
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSecretsAbsent(String output) {
        assertFalse(output.contains(PASSWORD), "clickpipes_user's password must never be printed");
        assertFalse(output.contains(ADMIN_PASSWORD), "the migrating role's password must never be printed");
    }

    /** What a refused run must leave as it was: roles, schemas, publications, default privileges. */
    private static List<String> catalog(TestServer server, String database) throws SQLException {
        try (Connection connection = server.superuser(database)) {
            List<String> state = new ArrayList<>();
            state.addAll(column(connection, "SELECT 'role ' || rolname FROM pg_roles ORDER BY 1"));
            state.addAll(column(connection, "SELECT 'schema ' || nspname FROM pg_namespace ORDER BY 1"));
            state.addAll(column(connection, "SELECT 'publication ' || pubname FROM pg_publication ORDER BY 1"));
            state.addAll(column(connection, "SELECT 'default ' || defaclrole::regrole || ' ' || defaclacl::text"
                    + " FROM pg_default_acl ORDER BY 1"));
            return state;
        }
    }
}
