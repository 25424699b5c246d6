package dev.cdcready.clickpipes.safety.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.safety.faults.BundleRuns;
import dev.cdcready.clickpipes.safety.faults.FinalState;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Eight migrate runs started at once against one database, each with its own Flyway instance: all succeed (Flyway's
 * advisory lock serialises them), each migration is applied exactly once, and the database ends as one run leaves it.
 */
class ConcurrentMigrateIT {

    static final int RUNS = 8;
    private static final String PASSWORD = "Concurrent-test-password-8";

    @Test
    void eightSimultaneousRunsAllSucceedAndApplyEachMigrationOnce() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String user = BundleRuns.uniqueRole("conc");
        Map<String, String> placeholders = Map.of(Placeholders.USER, user, Placeholders.PASSWORD, PASSWORD);
        String reference = BundleRuns.databaseWithOrders(server);
        ClickPipesFlyway.flyway(server.superuserDataSource(reference), placeholders).migrate();
        FinalState oneRun = FinalState.read(server, reference, user);
        BundleRuns.dropDatabaseAndRole(server, reference, user);

        String database = BundleRuns.databaseWithOrders(server);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        try {
            List<Future<MigrateResult>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return ClickPipesFlyway.flyway(server.superuserDataSource(database), placeholders).migrate();
                }));
            }
            start.countDown();
            int executed = 0;
            List<String> failures = new ArrayList<>();
            for (Future<MigrateResult> run : runs) {
                try {
                    MigrateResult result = run.get(120, TimeUnit.SECONDS);
                    assertTrue(result.success);
                    executed += result.migrationsExecuted;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(BundleRuns.messages(e.getCause()));
                }
            }
            assertEquals(List.of(), failures, "every run ends well");
            assertEquals(6, executed, "the eight runs together applied each of the six migrations once");
        } finally {
            pool.shutdownNow();
        }

        assertEquals(oneRun, FinalState.read(server, database, user));
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE version IS NOT NULL),"
                     + " count(*) FILTER (WHERE version IS NULL AND type <> 'SCHEMA'), bool_and(success)"
                     + " FROM clickpipes_flyway.clickpipes_schema_history")) {
            rs.next();
            assertEquals(4, rs.getInt(1), "one row per versioned migration");
            assertEquals(2, rs.getInt(2), "each repeatable once");
            assertTrue(rs.getBoolean(3));
        }
        try (Connection login = server.login(database, user, PASSWORD); Statement statement = login.createStatement();
             ResultSet rs = statement.executeQuery("SELECT note FROM public.orders")) {
            assertTrue(rs.next());
        }
        BundleRuns.dropDatabaseAndRole(server, database, user);
    }
}
