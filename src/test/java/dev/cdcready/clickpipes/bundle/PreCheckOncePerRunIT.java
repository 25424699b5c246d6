package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.StatementCounter;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
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
    private static final String SERVER_FACTS = "current_setting('max_wal_senders')::int";
    private static final String PASSWORD = "Once-per-run-secret-1";

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
    void aSecondMigrateOfTheSameFlywayRunsItsOwnPreCheck() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("again");
        StatementCounter counter = new StatementCounter();
        Flyway flyway = ClickPipesFlyway.flyway(counter.wrap(server.superuserDataSource(database)),
                Migrations.placeholders(user, PASSWORD));
        flyway.migrate();
        counter.takeCount();

        assertEquals(0, flyway.migrate().migrationsExecuted);

        assertEquals(2, counter.sentContaining(SERVER_FACTS), "a fresh pre-check and a verification, no stale report");
        assertSetUp(server, database, user);
    }

    @Test
    void withoutTheCallbackEveryJavaMigrationRunsThePreCheckItself() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithATable(server);
        String user = Migrations.uniqueRole("nocallback");
        StatementCounter counter = new StatementCounter();

        assertEquals(6, withoutCallback(counter.wrap(server.superuserDataSource(database)),
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
