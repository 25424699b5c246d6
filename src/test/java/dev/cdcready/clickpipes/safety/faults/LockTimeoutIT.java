package dev.cdcready.clickpipes.safety.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A table the publication must lock is held by a long transaction: the bundle waits at most clickpipes_lock_timeout,
 * fails naming the table, leaves no half-made publication, and the next run after the lock is released completes.
 */
class LockTimeoutIT {

    private static final String PASSWORD = "Lock-test-password-3";
    /** The bound asserted: generous against a 1 s timeout; it proves "never hangs", it is not a benchmark. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    @ParameterizedTest(name = "PostgreSQL {0}, scope {1}, {2}")
    @CsvSource({
        "17, tables, ACCESS EXCLUSIVE",
        "17, tables, SHARE ROW EXCLUSIVE",
        // Before PostgreSQL 15 the schemas scope publishes a table list, which locks each table.
        "14, schemas, ACCESS EXCLUSIVE",
        "14, schemas, SHARE ROW EXCLUSIVE",
        "13, schemas, SHARE ROW EXCLUSIVE",
        "12, schemas, ACCESS EXCLUSIVE",
    })
    void lockedTableFailsWithinTheLockTimeoutNamingItAndLeavesNoPublication(int major, String scope, String mode)
            throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String database = BundleRuns.databaseWithOrders(server);
        String user = BundleRuns.uniqueRole("lock");
        Map<String, String> placeholders = Map.of(Placeholders.USER, user, Placeholders.PASSWORD, PASSWORD,
                Placeholders.PUBLICATION_SCOPE, scope, Placeholders.TABLES, scope.equals("tables") ? "public.orders" : "",
                Placeholders.LOCK_TIMEOUT, "1s");
        try (Connection blocker = server.superuser(database)) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE public.orders IN " + mode + " MODE");
            }
            long started = System.nanoTime();
            FlywayException failed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    FlywayException.class, () -> BundleRuns.flyway(server, database, placeholders).migrate()),
                    "the bundle must not hang on a locked table");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            String messages = BundleRuns.messages(failed);
            System.err.println("[lock " + major + " " + scope + " " + mode + " " + elapsed.toMillis() + " ms] "
                    + messages);
            assertTrue(elapsed.compareTo(BOUND) < 0, "waited " + elapsed.toMillis() + " ms with a 1 s lock timeout");
            // The bundle's own message (what a CLI user or a Flyway log shows first), not only a driver cause.
            String bundleMessage = bundleMessage(failed);
            assertTrue(bundleMessage.contains("public.orders"), "the failure names the table:\n" + messages);
            assertTrue(bundleMessage.contains("clickpipes_lock_timeout"), "the failure names the setting:\n"
                    + messages);
            assertEquals(List.of(), CatalogSnapshot.take(server, database).publications(),
                    "no publication, not even an empty one");
            blocker.rollback();
        }

        BundleRuns.flyway(server, database, placeholders).migrate();

        assertEquals(List.of("clickpipes_publication public.orders"),
                CatalogSnapshot.take(server, database).publishedTables());
        BundleRuns.dropDatabaseAndRole(server, database, user);
    }

    private static String bundleMessage(Throwable thrown) {
        return Causes.find(thrown, ClickPipesException.class).map(Throwable::getMessage)
                .orElseThrow(() -> new AssertionError("no ClickPipesException in " + BundleRuns.messages(thrown)));
    }
}
