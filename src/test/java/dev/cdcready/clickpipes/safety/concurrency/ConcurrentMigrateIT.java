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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Eight migrate runs started at once against one database — eight Flyway instances in threads, and eight executable
 * processes: all succeed (Flyway's advisory lock serialises them), each migration is applied exactly once, and the
 * database ends as one run leaves it.
 */
class ConcurrentMigrateIT {

    static final int RUNS = 8;
    private static final String PASSWORD = "Concurrent-test-password-8";

    @Test
    void eightSimultaneousRunsAllSucceedAndApplyEachMigrationOnce() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String user = BundleRuns.uniqueRole("conc");
        Map<String, String> placeholders = Map.of(Placeholders.USER, user, Placeholders.PASSWORD, PASSWORD);
        FinalState oneRun = singleRun(server, user, placeholders);

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
                } catch (ExecutionException e) {
                    failures.add(BundleRuns.messages(e.getCause()));
                }
            }
            assertEquals(List.of(), failures, "every run ends well");
            assertEquals(6, executed, "the eight runs together applied each of the six migrations once");
        } finally {
            pool.shutdownNow();
        }
        assertEndsAsOneRun(server, database, user, oneRun);
    }

    @Test
    void eightExecutableProcessesStartedTogetherAllSucceedAndApplyEachMigrationOnce() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String user = BundleRuns.uniqueRole("procs");
        FinalState oneRun = singleRun(server, user, Map.of(Placeholders.USER, user, Placeholders.PASSWORD, PASSWORD));
        String database = BundleRuns.databaseWithOrders(server);
        Path jar = Path.of(System.getProperty("project.build.directory", "target"),
                "clickpipes-aurora-flyway-" + System.getProperty("project.version") + "-cli.jar");
        assertTrue(Files.isRegularFile(jar), "no executable jar at " + jar);
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < RUNS; i++) {
                Path output = Files.createTempFile("clickpipes-concurrent", ".out");
                outputs.add(output);
                ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-jar", jar.toString(), "migrate", "--url", server.jdbcUrl(database),
                        "--user", "postgres", "--clickpipes-user", user)
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_")
                        || name.startsWith("CLICKPIPES_"));
                builder.environment().put("CLICKPIPES_PASSWORD", PASSWORD);
                processes.add(builder.start());
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Process process = processes.get(i);
                boolean finished = process.waitFor(180, TimeUnit.SECONDS);
                String text = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
                if (!finished || process.exitValue() != 0) {
                    failures.add("process " + i + (finished ? " exited " + process.exitValue() : " hung") + ":\n"
                            + text);
                }
            }
            assertEquals(List.of(), failures, "every process ends well");
        } finally {
            processes.forEach(Process::destroyForcibly);
            for (Path output : outputs) {
                Files.deleteIfExists(output);
            }
        }
        assertEndsAsOneRun(server, database, user, oneRun);
    }

    /** Migrates a reference database once, reads its state, and drops it and the role again. */
    private static FinalState singleRun(TestServer server, String user, Map<String, String> placeholders)
            throws SQLException {
        String reference = BundleRuns.databaseWithOrders(server);
        ClickPipesFlyway.flyway(server.superuserDataSource(reference), placeholders).migrate();
        FinalState oneRun = FinalState.read(server, reference, user);
        BundleRuns.dropDatabaseAndRole(server, reference, user);
        return oneRun;
    }

    private static void assertEndsAsOneRun(TestServer server, String database, String user, FinalState oneRun)
            throws SQLException {
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
