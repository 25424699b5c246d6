package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_SCRIPTS;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_TABLES;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_SCRIPTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * An application that embeds the bundle through the plain Flyway API, the way the README shows: its own Flyway run
 * first, then {@link ClickPipesFlyway#flyway}, each with its own history table.
 */
class FlywayApiIT {

    private static final String PASSWORD = "Api-host-secret-7";

    /** One start of the application: its own migrations, then the bundle. Returns {app executed, bundle executed}. */
    private static int[] startApplication(DataSource applicationDataSource, DataSource dataSource, String user,
                                          Path passwordFile) {
        // The application's own Flyway, as it has it: Flyway's default history table in public. Its own unqualified
        // queries are the application's business, so it connects as the harness's "application" (PlantedObjects).
        int app = Flyway.configure()
                .dataSource(applicationDataSource)
                .locations("classpath:hosts/app-migrations")
                .load()
                .migrate().migrationsExecuted;
        // The bundle, as the README documents it.
        int bundle = ClickPipesFlyway.flyway(dataSource, Map.of(
                "clickpipes_schemas", "public,sales",
                "clickpipes_user", user,
                "clickpipes_password_file", passwordFile.toString())).migrate().migrationsExecuted;
        return new int[] {app, bundle};
    }

    /** Between the first start of the application and the next. */
    private interface AfterFirstStart {
        void run() throws SQLException;
    }

    /** Each start's {app executed, bundle executed}, and what Flyway printed. */
    private record Starts(List<int[]> counts, String printed) {
    }

    /** Starts the application {@code times} times with its password in a file, capturing the output. */
    private static Starts start(TestServer server, String database, String user, int times,
                                AfterFirstStart afterFirst) throws IOException, SQLException {
        DataSource dataSource = server.superuserDataSource(database);
        Path passwordFile = Files.createTempFile("clickpipes-password", ".txt");
        List<int[]> counts = new ArrayList<>();
        try (OutputCapture output = new OutputCapture()) {
            Files.writeString(passwordFile, PASSWORD + "\n");
            for (int i = 0; i < times; i++) {
                counts.add(startApplication(server.applicationDataSource(database), dataSource, user, passwordFile));
                if (i == 0) {
                    afterFirst.run();
                }
            }
            return new Starts(counts, output.text());
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    @Test
    void applicationMigratesItsOwnSchemaThenTheBundleEachInItsOwnHistoryAndARestartAppliesNothing()
            throws IOException, SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("api");
        Starts starts = start(server, database, user, 2, () -> { });
        int[] first = starts.counts().get(0);
        int[] second = starts.counts().get(1);
        String printed = starts.printed();

        assertEquals(2, first[0], "the application's two migrations");
        assertEquals(6, first[1], "the bundle's six migrations");
        assertEquals(0, second[0], "a restart applies none of the application's");
        assertEquals(0, second[1], "a restart applies none of the bundle's");
        try (Connection connection = server.superuser(database)) {
            assertEquals(APP_SCRIPTS, HostCatalog.historyScripts(connection, APP_HISTORY),
                    "the application's history holds only its own migrations");
            assertEquals(BUNDLE_SCRIPTS, HostCatalog.historyScripts(connection, BUNDLE_HISTORY),
                    "the bundle's history holds only the bundle's migrations");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));
        assertTrue(printed.contains("ClickPipes verification passed"), "the capture saw Flyway's log");
        assertFalse(printed.contains(PASSWORD), "the password was printed");
    }

    @Test
    void aRestartAfterDriftRepairsItAndTheNextRestartAppliesNothing() throws IOException, SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("apidrift");
        Starts starts = start(server, database, user, 3, () -> {
            try (Connection connection = server.superuser(database)) {
                Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
                Convergence.drift(connection, user);
                assertTrue(Convergence.drifted(connection, user, "public,sales"));
            }
        });
        int[] repair = starts.counts().get(1);
        int[] after = starts.counts().get(2);
        String printed = starts.printed();

        assertEquals(2, repair[1], "both repeatables re-ran for the drift");
        assertTrue(printed.contains("ClickPipes repaired drift"), printed);
        assertEquals(0, after[1], "no phantom re-run after the repair");
        try (Connection connection = server.superuser(database)) {
            Convergence.assertVerifies(connection, user, "public,sales");
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));
        assertFalse(printed.contains(PASSWORD), "the password was printed");
    }
    /**
     * The callback asks whether the endpoint is a transaction pooler (three {@code pg_backend_pid()} queries on two
     * connections) before a run's first write only: the first run (Flyway creates the history schema), not a start with
     * nothing pending — Flyway fires BEFORE_CREATE_SCHEMA on every migrate — and again before a repair's migration.
     */
    @Test
    void theCallbackAsksAboutPoolersOnlyBeforeARunWrites() throws IOException, SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17).with("log_statement", "all"));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("apipooler");
        List<Long> asked = new ArrayList<>();
        start(server, database, user, 1, () -> { });
        for (boolean drift : new boolean[] {false, true}) {
            if (drift) {
                try (Connection connection = server.superuser(database)) {
                    Convergence.drift(connection, user);
                }
            }
            long logStart = Files.size(server.serverLog());
            int executed = start(server, database, user, 1, () -> { }).counts().get(0)[1];
            String log = Files.readString(server.serverLog()).substring((int) logStart);
            assertEquals(drift ? 2 : 0, executed, "migrations the bundle applied");
            asked.add(log.lines().filter(line -> line.contains("pg_catalog.pg_backend_pid()")).count());
        }
        assertEquals(List.of(0L, 3L), asked, "pooler queries with nothing pending, then before a repair");
    }
}
