package dev.cdcready.clickpipes.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.PlantedMarkers;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundle's thin jar run from real Flyway command lines with exactly the command README.md documents: on a
 * database whose public schema already has tables, again after a schema is added, again unchanged, and on an Aurora
 * reader. Every test database carries the harness's planted shadowing objects: the documented URL's search_path
 * setting keeps Flyway's and the bundle's queries off them, and without it the pre-check refuses.
 */
class FlywayCommandLineIT {

    private static final String PASSWORD = "Cli-host-secret-7";
    private static final String ADMIN_PASSWORD = "Cli-admin-secret-3";

    static List<FlywayCommandLine> commandLines() {
        return FlywayCommandLine.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void documentedCommandMakesACdcSourceAndReRunsTheGrantsOnlyWhenASchemaIsAdded(FlywayCommandLine flyway)
            throws SQLException, IOException, InterruptedException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String admin = unique("cli_admin");
        String user = unique("cp_cli");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.orders VALUES (1, 'first order')");
            CatalogQueries.createPasswordSuperuser(connection, admin, ADMIN_PASSWORD);
        }
        BundleFolder folder = BundleFolder.create(flyway.name());
        // As README.md: the master user's password in FLYWAY_PASSWORD, ClickPipes' in CLICKPIPES_PASSWORD. The role
        // name is per test (roles are cluster-wide on the shared server) and comes, like any placeholder, from the
        // environment.
        Map<String, String> environment = environment(user);
        String url = server.jdbcUrl(database);

        CommandLineRun first = flyway.run(folder.workingDirectory(), environment,
                DocumentedUsage.command(url, admin, folder.jars(), "public"));

        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("ClickPipes verification passed"), first.output());
        CdcSourceAssertions.assertNoSecretIn(first, PASSWORD, ADMIN_PASSWORD);
        CdcSourceAssertions.assertFirstRun(server, database, admin, user, PASSWORD);

        // The new schema's table belongs to an application role the bundle has not seen yet.
        String owner = unique("app_owner");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE ROLE " + owner + " NOLOGIN", "CREATE SCHEMA sales",
                    "CREATE TABLE sales.items (id int PRIMARY KEY, name text)",
                    "INSERT INTO sales.items VALUES (1, 'first item')",
                    "ALTER TABLE sales.items OWNER TO " + owner);
        }
        CommandLineRun second = flyway.run(folder.workingDirectory(), environment,
                DocumentedUsage.command(url, admin, folder.jars(), "public,sales"));

        assertEquals(0, second.exitCode(), second.output());
        CdcSourceAssertions.assertNoSecretIn(second, PASSWORD, ADMIN_PASSWORD);
        List<String> afterSecond;
        try (Connection connection = server.superuser(database)) {
            afterSecond = CatalogQueries.history(connection);
            // The repeatables' checksum follows the effective settings: the new schema re-ran both, nothing else.
            assertEquals(List.of("db.clickpipes.R__Grant_schema_access by " + admin,
                            "db.clickpipes.R__Maintain_publication by " + admin),
                    afterSecond.subList(CdcSourceAssertions.FIRST_RUN.size(), afterSecond.size()));
            assertTrue(Sql.hasTablePrivilege(connection, user, "sales.items", "SELECT"));
            assertTrue(Sql.defaultSelectFor(connection, user, owner, "sales"),
                    "tables the new owner creates later in sales are readable");
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertEquals("first item", Sql.text(login, "SELECT name FROM sales.items WHERE id = 1"));
        }

        CommandLineRun third = flyway.run(folder.workingDirectory(), environment,
                DocumentedUsage.command(url, admin, folder.jars(), "public,sales"));

        assertEquals(0, third.exitCode(), third.output());
        assertTrue(third.output().contains("No migration necessary"), third.output());
        assertTrue(third.output().contains("ClickPipes verification passed"), "nothing pending, still checked:\n"
                + third.output());
        try (Connection connection = server.superuser(database)) {
            assertEquals(afterSecond, CatalogQueries.history(connection), "an unchanged run applies nothing");
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
            Convergence.drift(connection, user);
        }

        CommandLineRun repair = flyway.run(folder.workingDirectory(), environment,
                DocumentedUsage.command(url, admin, folder.jars(), "public,sales"));

        assertEquals(0, repair.exitCode(), repair.output());
        assertTrue(repair.output().contains("ClickPipes repaired drift"), repair.output());
        CdcSourceAssertions.assertNoSecretIn(repair, PASSWORD, ADMIN_PASSWORD);
        try (Connection connection = server.superuser(database)) {
            List<String> afterRepair = CatalogQueries.history(connection);
            assertEquals(List.of("db.clickpipes.R__Grant_schema_access by " + admin,
                            "db.clickpipes.R__Maintain_publication by " + admin),
                    afterRepair.subList(afterSecond.size(), afterRepair.size()), "the history shows the repair");
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
        }
        try (Connection migrator = server.login(database, admin, ADMIN_PASSWORD)) {
            Convergence.assertVerifies(migrator, user, "public,sales");
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertEquals("first order", Sql.text(login, "SELECT note FROM public.orders WHERE id = 1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void documentedCommandOnAnAuroraReaderIsRefusedBeforeAnythingIsWritten(FlywayCommandLine flyway)
            throws SQLException, IOException, InterruptedException {
        TestServer reader = TestServers.get(ServerSpec.aurora(17).asReader());
        String user = unique("cp_reader");
        BundleFolder folder = BundleFolder.create(flyway.name() + " reader");
        // The reader's postgres is trusted: FLYWAY_PASSWORD is set as documented and not needed.
        Map<String, String> environment = environment(user);

        CommandLineRun run = flyway.run(folder.workingDirectory(), environment, DocumentedUsage.command(
                reader.jdbcUrl(TestServer.READER_DATABASE), "postgres", folder.jars(), "public"));

        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("NOT_WRITER"), run.output());
        assertTrue(run.output().contains("ClickPipes pre-check refused; nothing was written"), run.output());
        CdcSourceAssertions.assertNoSecretIn(run, PASSWORD, ADMIN_PASSWORD);
        try (Connection connection = reader.superuser(TestServer.READER_DATABASE)) {
            assertFalse(CatalogQueries.historySchemaExists(connection), "no clickpipes_flyway schema");
            assertFalse(Sql.roleExists(connection, user), "no " + user + " role");
            assertFalse(Sql.bool(connection, "SELECT EXISTS (SELECT 1 FROM pg_publication)::text"),
                    "no publication");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void withoutTheDocumentedSearchPathSettingThePreCheckRefusesTheShadowingObjects(FlywayCommandLine flyway)
            throws SQLException, IOException, InterruptedException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = unique("cp_unpinned");
        BundleFolder folder = BundleFolder.create(flyway.name() + " unpinned");
        Map<String, String> environment = environment(user);
        List<String> command = new ArrayList<>(DocumentedUsage.command(server.jdbcUrl(database), "postgres",
                folder.jars(), "public"));
        // The documented URL without its search_path setting. Flyway's own queries then meet the planted objects —
        // what the setting prevents; the self-test's application_name keeps those markers from failing the guard.
        command.set(0, "-url=" + server.jdbcUrl(database) + "?ApplicationName="
                + PlantedMarkers.SELF_TEST_APPLICATION);
        PlantedMarkers.read(server);

        CommandLineRun run = flyway.run(folder.workingDirectory(), environment, command);

        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("SHADOWING_OBJECT")
                && run.output().contains("function planted.pg_is_in_recovery() owned by clickpipes_planter")
                && run.output().contains("options=-c%20search_path%3Dpg_catalog"), run.output());
        assertFalse(PlantedMarkers.read(server).isEmpty(), "Flyway's own queries met the planted objects");
        try (Connection connection = server.superuser(database)) {
            assertFalse(CatalogQueries.historySchemaExists(connection), "no clickpipes_flyway schema");
            assertFalse(Sql.roleExists(connection, user), "no " + user + " role");
        }
    }

    /** As README.md: the master user's password in FLYWAY_PASSWORD, ClickPipes' in CLICKPIPES_PASSWORD. */
    private static Map<String, String> environment(String user) {
        return Map.of("FLYWAY_PASSWORD", ADMIN_PASSWORD, "CLICKPIPES_PASSWORD", PASSWORD,
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_USER", user);
    }

    static String unique(String purpose) {
        return purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
