package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.safety.faults.BundleRuns;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code migrate} against a table another session holds locked, with an 8 s lock timeout: before the timeout ends
 * the wait, stderr says which statement waits (naming the table) and, read from a second session, which lock on which
 * table it waits for and which session holds it; stdout of {@code --json} stays one document, and
 * {@code --quiet} prints no progress at all.
 */
class ProgressLineIT {

    private static final String PASSWORD = "Progress-test-password-4";

    @Test
    void aRunWaitingOnALockedTableSaysWhichStatementWaitsBeforeTheLockTimeout() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = BundleRuns.databaseWithOrders(server);
        String user = BundleRuns.uniqueRole("progress");
        Map<String, String> environment = Map.of("CLICKPIPES_PASSWORD", PASSWORD,
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_LOCK_TIMEOUT", "8s");
        try (Connection blocker = server.superuser(database)) {
            blocker.setAutoCommit(false);
            String blockerPid;
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE public.orders IN SHARE ROW EXCLUSIVE MODE");
                blockerPid = Sql.text(blocker, "SELECT pg_backend_pid()::text");
            }

            CliRun human = migrate(server, database, user, environment);
            assertEquals(Main.FAILED, human.exitCode(), human.all());
            int progress = human.err().indexOf("Still working: set up publication");
            assertTrue(progress >= 0, "a progress line while the statement waits:\n" + human.all());
            String line = human.err().substring(progress).lines().findFirst().orElseThrow();
            assertTrue(line.matches(".*statements 1–2 of 2 running for \\d+ s .*ADD TABLE public\\.orders.*"),
                    "the line names the waiting statement and its table: " + line);
            // Read from a second session: the lock the migration's session waits for, and who holds it.
            assertTrue(line.matches(".*, waiting for ShareUpdateExclusiveLock on public\\.orders held by pid "
                    + blockerPid + " \\(postgres, idle in transaction\\): .*"), line);
            assertTrue(progress < human.err().indexOf("clickpipes_lock_timeout"),
                    "the progress line comes before the lock timeout's failure:\n" + human.err());

            CliRun json = migrate(server, database, user, environment, "--json");
            assertEquals(Main.FAILED, json.exitCode(), json.all());
            assertEquals(List.of("FAILED"), json.findingCodes(), "stdout is still the one JSON document");
            assertTrue(json.err().contains("Still working: set up publication"), json.all());

            CliRun quiet = migrate(server, database, user, environment, "--quiet");
            assertEquals(Main.FAILED, quiet.exitCode(), quiet.all());
            assertFalse(quiet.all().contains("Still working"), "--quiet prints no progress:\n" + quiet.all());

            assertEquals(List.of(), CatalogSnapshot.take(server, database).publications(), "nothing half-made");
            blocker.rollback();
        }

        CliRun after = migrate(server, database, user, environment);
        assertEquals(Main.OK, after.exitCode(), after.all());
        assertFalse(after.all().contains("Still working"), "a quick run prints no progress:\n" + after.all());
        assertEquals(List.of("clickpipes_publication public.orders"),
                CatalogSnapshot.take(server, database).publishedTables());
        BundleRuns.dropDatabaseAndRole(server, database, user);
    }

    private static CliRun migrate(TestServer server, String database, String user, Map<String, String> environment,
                                  String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--scope=tables";
        args[1] = "--tables=public.orders";
        System.arraycopy(more, 0, args, 2, more.length);
        CliRun run = CliRun.asSuperuser(environment, server.jdbcUrl(database), user, "migrate", args);
        assertFalse(run.all().contains(PASSWORD), "the password is never printed:\n" + run.all());
        return run;
    }
}
