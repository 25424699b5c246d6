package dev.cdcready.clickpipes.safety.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * On a server of its own: the server restarts in the middle of a run (the run fails, the next completes and ends like
 * an undisturbed run), and last the writer comes back as a reader (failover), which the next run refuses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartAndFailoverIT {

    private static final String PASSWORD = "Restart-test-password-5";
    private static final String USER = BundleRuns.uniqueRole("restart");
    private static final Map<String, String> PLACEHOLDERS = Map.of(Placeholders.USER, USER,
            Placeholders.PASSWORD, PASSWORD);

    private static TestServer server;
    private static FinalState undisturbed;

    @BeforeAll
    static void startAServerOfItsOwnAndMigrateAReference() throws SQLException {
        server = TestServers.startPrivate(ServerSpec.plain(17));
        String database = BundleRuns.databaseWithOrders(server);
        BundleRuns.flyway(server, database, PLACEHOLDERS).migrate();
        undisturbed = FinalState.read(server, database, USER);
        BundleRuns.dropDatabaseAndRole(server, database, USER);
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void serverRestartedBetweenMigrationsFailsTheRunAndTheNextRunCompletes() throws SQLException {
        restartMidRun(Event.AFTER_EACH_MIGRATE, "3");
    }

    @Test
    @Order(2)
    void serverRestartedWhileTheRepeatablesRunFailsTheRunAndTheNextRunCompletes() throws SQLException {
        restartMidRun(Event.BEFORE_EACH_MIGRATE, "Maintain publication");
    }

    private void restartMidRun(Event event, String migration) throws SQLException {
        String database = BundleRuns.databaseWithOrders(server);
        FaultAt restart = new FaultAt(event, migration, connection -> server.restart());

        FlywayException failed = assertThrows(FlywayException.class,
                () -> BundleRuns.flyway(server, database, PLACEHOLDERS, restart).migrate());

        String messages = BundleRuns.messages(failed);
        System.err.println("[restart " + restart + "] " + messages);
        assertTrue(messages.contains("terminating connection due to administrator command")
                || messages.contains("I/O error") || messages.contains("connection has been closed"),
                "the failure says the connection was lost:\n" + messages);
        BundleRuns.flyway(server, database, PLACEHOLDERS).migrate();
        assertEquals(undisturbed, FinalState.read(server, database, USER));
        try (Connection login = server.login(database, USER, PASSWORD)) {
            assertTrue(login.isValid(5));
        }
        BundleRuns.dropDatabaseAndRole(server, database, USER);
    }

    @Test
    @Order(3)
    void writerThatBecameAReaderIsRefusedWithNotWriterAndNothingChanges() throws SQLException {
        String database = BundleRuns.databaseWithOrders(server);
        BundleRuns.flyway(server, database, PLACEHOLDERS).migrate();
        FinalState before = FinalState.read(server, database, USER);

        server.restartAsStandby();

        FlywayException refused = assertThrows(FlywayException.class,
                () -> BundleRuns.flyway(server, database, PLACEHOLDERS).migrate());
        String messages = BundleRuns.messages(refused);
        System.err.println("[failover] " + messages);
        assertTrue(messages.contains("NOT_WRITER"), messages);
        assertEquals(before, FinalState.read(server, database, USER));
    }
}
