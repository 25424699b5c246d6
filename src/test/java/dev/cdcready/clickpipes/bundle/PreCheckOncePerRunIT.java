package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import db.clickpipes.ClickPipesCallback;
import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.StatementCounter;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The pre-check runs once per migrate run, not once more in each of the five Java migrations: they reuse the report
 * of the callback's passing pre-check. Without the callback each migration still runs its own. Counted by the
 * statement that reads the server's facts, which the pre-check and the verification send once each.
 */
class PreCheckOncePerRunIT {

    /** Only ServerFactsReader sends this: once per pre-check and once per verification. */
    private static final String SERVER_FACTS = "current_setting('max_wal_senders')::bigint";
    private static final String PASSWORD = "Once-per-run-secret-1";

    /** The schema-access step's SELECT check, the one query that reads every table of the configured schemas. */
    private static final String EVERY_TABLE_READABLE =
            "GROUP BY t.relowner, t.relacl";

    /** The history-table guard's query: migrations in the table that are not the bundle's. */
    private static final String HISTORY_TABLE_GUARD = "AND NOT script OPERATOR(pg_catalog.=) ANY";

    @Test
    void firstApplyRunsThePreCheckOnceAndStillSetsEverythingUp() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("once");
        StatementCounter counter = new StatementCounter();
        Flyway flyway = ClickPipesFlyway.flyway(counter.wrap(server.superuserDataSource(database)),
                Migrations.placeholders(user, PASSWORD));

        assertEquals(6, flyway.migrate().migrationsExecuted);

        assertEquals(2, counter.sentContaining(SERVER_FACTS), "one pre-check (callback) and one verification");
        assertSetUp(server, database, user);
    }

    @Test
    void aSecondMigrateWithNothingPendingChecksOnlyTheServer() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("again");
        StatementCounter counter = new StatementCounter();
        Flyway flyway = ClickPipesFlyway.flyway(counter.wrap(server.superuserDataSource(database)),
                Migrations.placeholders(user, PASSWORD));
        flyway.migrate();
        counter.takeCount();

        assertEquals(0, flyway.migrate().migrationsExecuted);

        assertEquals(1, counter.sentContaining(SERVER_FACTS), "read once, on Flyway's main connection, for each "
                + "repeatable step's own checks (its checksum; they stand as the verification since nothing was "
                + "applied) and the server part of the pre-check");
        assertEquals(1, counter.sentContaining(EVERY_TABLE_READABLE),
                "one pass over the schemas' tables: the checks are not run again as a separate verification");
        assertEquals(1, counter.sentContaining(HISTORY_TABLE_GUARD), "the history table guarded once, before Flyway "
                + "first reads it (validation)");
        assertSetUp(server, database, user);
    }

    /**
     * What an application pays at every start: a migrate with nothing pending opens the connections bare Flyway opens
     * for the same nothing-pending run and no more — the repeatable steps' drift checks run on Flyway's own connection
     * while it validates, BEFORE_MIGRATE is not taken once the history table exists, the pooler question waits for a
     * write, and the run's end (no query) is reported at AFTER_MIGRATE_OPERATION_FINISH, not at AFTER_MIGRATE, for
     * which Flyway would open a connection.
     */
    @Test
    void aMigrateWithNothingPendingOpensNoConnectionBeyondBareFlywaysOwn() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("conns");
        StatementCounter counter = new StatementCounter();
        DataSource dataSource = counter.wrap(server.superuserDataSource(database));
        ClickPipesFlyway.flyway(dataSource, Migrations.placeholders(user, PASSWORD)).migrate();
        // Bare Flyway's own unqualified queries are an application's business: it connects as the harness's
        // "application", for whom the planted objects are expected.
        Flyway bare = Flyway.configure().dataSource(counter.wrap(server.applicationDataSource(database)))
                .schemas("bare_flyway_history")
                .locations("classpath:no/migrations/here").load();
        bare.migrate();
        counter.takeConnections();

        assertEquals(0, bare.migrate().migrationsExecuted);
        long bareConnections = counter.takeConnections();
        counter.takeCount();
        Flyway flyway = ClickPipesFlyway.flyway(dataSource, Migrations.placeholders(user, PASSWORD));
        assertEquals(0, flyway.migrate().migrationsExecuted);
        long bundleConnections = counter.takeConnections();

        assertEquals(bareConnections, bundleConnections, "connections opened by a migrate with nothing pending");
        assertEquals(1, counter.sentContaining(EVERY_TABLE_READABLE), "the drift check still ran");
        assertTrue(MigrationGuard.bundleCallback(flyway.getConfiguration(), ClickPipesCallback.class).orElseThrow()
                        .lastMigrate().verified().isPresent(),
                "the run still ends with its checks reported as the verification");
    }

    @Test
    void aMigrateThatAppliesSomethingLaterRunsTheFullPreCheckOnceBeforeItWritesAndVerifies() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("later");
        StatementCounter counter = new StatementCounter();
        ClickPipesFlyway.flyway(counter.wrap(server.superuserDataSource(database)),
                Migrations.placeholders(user, PASSWORD)).migrate();
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE SCHEMA sales", "CREATE TABLE sales.deals (id int PRIMARY KEY)");
        }
        counter.takeCount();
        Map<String, String> withSales = new HashMap<>(Migrations.placeholders(user, PASSWORD));
        withSales.put("clickpipes_schemas", "public,sales");

        assertEquals(2, ClickPipesFlyway.flyway(counter.wrap(server.superuserDataSource(database)), withSales)
                .migrate().migrationsExecuted);

        assertEquals(3, counter.sentContaining(SERVER_FACTS),
                "server part in the callback, the full pre-check once in the first migration, the verification");
        try (Connection connection = server.superuser(database)) {
            assertTrue(Sql.hasTablePrivilege(connection, user, "sales.deals", "SELECT"));
        }
    }

    @Test
    void aLaterRefusalStopsTheFirstMigrationBeforeItWrites() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("refused");
        ClickPipesFlyway.flyway(server.superuserDataSource(database), Migrations.placeholders(user, PASSWORD))
                .migrate();
        CatalogSnapshot before = CatalogSnapshot.take(server, database);
        List<String> historyBefore = history(server, database);

        // A schema that does not exist: the repeatables become pending, and their full pre-check refuses.
        Map<String, String> withMissing = new HashMap<>(Migrations.placeholders(user, PASSWORD));
        withMissing.put("clickpipes_schemas", "public,no_such_schema");
        RuntimeException refused = assertThrows(RuntimeException.class, () -> ClickPipesFlyway.flyway(
                server.superuserDataSource(database), withMissing).migrate());

        assertTrue(Causes.find(refused, PreCheckRefusedException.class).isPresent(), refused.toString());
        String messages = Causes.messages(refused);
        assertTrue(messages.contains("SCHEMA_MISSING") && messages.contains("no_such_schema"), messages);
        assertEquals(before, CatalogSnapshot.take(server, database), "nothing written");
        assertEquals(historyBefore, history(server, database), "no history row, not even a failed one");
    }

    private static List<String> history(TestServer server, String database) throws SQLException {
        try (Connection connection = server.superuser(database)) {
            return Sql.column(connection, "SELECT installed_rank || ' ' || script || ' ' || coalesce(checksum, 0)"
                    + " || ' ' || success FROM clickpipes_flyway.clickpipes_schema_history ORDER BY 1");
        }
    }

    @Test
    void withoutTheCallbackEveryJavaMigrationRunsThePreCheckItself() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("nocallback");
        StatementCounter counter = new StatementCounter();

        // Without ClickPipesFlyway, as on the Flyway CLI: the documented URL setting pins the search_path.
        assertEquals(6, withoutCallback(counter.wrap(server.pinnedSuperuserDataSource(database)),
                Migrations.placeholders(user, PASSWORD)).migrate().migrationsExecuted);

        assertEquals(5, counter.sentContaining(SERVER_FACTS), "V2, V3, V4 and both repeatables guard themselves");
        assertSetUp(server, database, user);
    }

    private static Flyway withoutCallback(DataSource dataSource, Map<String, String> placeholders) {
        return Flyway.configure(PreCheckOncePerRunIT.class.getClassLoader())
                .dataSource(dataSource)
                .locations(ClickPipesFlyway.LOCATION)
                .table(ClickPipesFlyway.HISTORY_TABLE)
                .schemas(ClickPipesFlyway.HISTORY_SCHEMA)
                .placeholders(placeholders)
                .load();
    }

    private static String databaseWithATable(TestServer server) throws SQLException {
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        }
        return database;
    }

    private static void assertSetUp(TestServer server, String database, String user) throws SQLException {
        try (Connection connection = server.superuser(database)) {
            assertTrue(Sql.canLoginWithReplication(connection, user), "LOGIN and REPLICATION");
            assertTrue(Sql.hasTablePrivilege(connection, user, "public.orders", "SELECT"));
            assertTrue(Sql.bool(connection, "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = "
                    + "'clickpipes_publication' AND puballtables)::text"));
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertTrue(login.isValid(2), "clickpipes_user logs in with its password");
        }
    }
}
