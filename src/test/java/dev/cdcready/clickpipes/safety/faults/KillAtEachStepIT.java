package dev.cdcready.clickpipes.safety.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills the migrating connection ({@code pg_terminate_backend} from another session) before, between and inside the
 * bundle's migrations: each run fails with a message that says the connection was lost, the next run completes, and
 * the database ends exactly as an undisturbed run leaves it.
 */
class KillAtEachStepIT {

    private static final String PASSWORD = "Kill-test-password-7";
    private static final String USER = BundleRuns.uniqueRole("kill");
    /** The tables scope: creating the publication locks the table, so a kill can land while it waits. */
    private static final Map<String, String> PLACEHOLDERS = Map.of(Placeholders.USER, USER,
            Placeholders.PASSWORD, PASSWORD, Placeholders.PUBLICATION_SCOPE, "tables",
            Placeholders.TABLES, "public.orders");

    private static TestServer server;
    private static FinalState undisturbed;

    @BeforeAll
    static void migrateAReferenceDatabaseWithoutFaults() throws SQLException {
        server = TestServers.get(ServerSpec.plain(17));
        String database = BundleRuns.databaseWithOrders(server);
        BundleRuns.flyway(server, database, PLACEHOLDERS).migrate();
        undisturbed = FinalState.read(server, database, USER);
        assertEquals(7, undisturbed.history().size(), undisturbed.history()::toString);
        BundleRuns.dropDatabaseAndRole(server, database, USER);
    }

    @AfterAll
    static void dropTheRole() throws SQLException {
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + USER);
        }
    }

    static Stream<Arguments> faults() {
        Stream.Builder<Arguments> faults = Stream.builder();
        faults.add(Arguments.of(Event.BEFORE_MIGRATE, null, false));
        for (String migration : new String[] {"1", "2", "3", "4", "Grant schema access", "Maintain publication"}) {
            faults.add(Arguments.of(Event.BEFORE_EACH_MIGRATE, migration, false));
            faults.add(Arguments.of(Event.AFTER_EACH_MIGRATE, migration, false));
        }
        faults.add(Arguments.of(Event.AFTER_MIGRATE, null, false));
        // Inside a statement: the migration waits for a lock another session holds, and is killed while it waits.
        faults.add(Arguments.of(Event.BEFORE_EACH_MIGRATE, "2", true));
        faults.add(Arguments.of(Event.BEFORE_EACH_MIGRATE, "Maintain publication", true));
        return faults.build();
    }

    @ParameterizedTest(name = "kill {0} {1} inside={2}")
    @MethodSource("faults")
    void killedRunFailsClearlyAndTheNextRunEndsLikeAnUndisturbedOne(Event event, String migration, boolean inside)
            throws SQLException {
        String database = BundleRuns.databaseWithOrders(server);
        try {
            FaultAt fault = new FaultAt(event, migration, inside ? killWhileWaiting(database, migration)
                    : connection -> KillBackend.terminate(server, database, KillBackend.pidOf(connection)));

            FlywayException failed = assertThrows(FlywayException.class,
                    () -> BundleRuns.flyway(server, database, PLACEHOLDERS, fault).migrate());

            assertTrue(fault.fired(), "the fault was injected");
            String messages = BundleRuns.messages(failed);
            System.err.println("[kill " + fault + "] " + messages);
            assertTrue(messages.contains("terminating connection due to administrator command")
                    || messages.contains("I/O error") || messages.contains("connection has been closed"),
                    "the failure says the connection was lost:\n" + messages);

            BundleRuns.flyway(server, database, PLACEHOLDERS).migrate();

            assertEquals(undisturbed, FinalState.read(server, database, USER));
            try (Connection login = server.login(database, USER, PASSWORD); Statement statement =
                    login.createStatement(); ResultSet rs = statement.executeQuery("SELECT note FROM public.orders")) {
                assertTrue(rs.next(), "clickpipes_user reads the published table");
            }
        } finally {
            BundleRuns.dropDatabaseAndRole(server, database, USER);
        }
    }

    /**
     * Another session takes a lock the migration needs (pg_authid for CREATE ROLE; the table for CREATE PUBLICATION);
     * once the migration waits for it, its backend is killed, then the lock is released.
     */
    private static FaultAt.Fault killWhileWaiting(String database, String migration) {
        String lock = migration.equals("2") ? "LOCK TABLE pg_catalog.pg_authid IN SHARE ROW EXCLUSIVE MODE"
                : "LOCK TABLE public.orders IN SHARE ROW EXCLUSIVE MODE";
        return connection -> {
            int pid = KillBackend.pidOf(connection);
            Connection blocker = server.superuser(database);
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute(lock);
            }
            CompletableFuture.runAsync(() -> {
                try (blocker) {
                    KillBackend.awaitLockWait(server, database, pid);
                    KillBackend.terminate(server, database, pid);
                    blocker.rollback();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        };
    }
}
