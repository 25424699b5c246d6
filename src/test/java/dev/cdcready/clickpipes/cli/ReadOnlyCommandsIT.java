package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.safety.faults.BundleRuns;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * check, plan, verify and info only read — Flyway's connection included. While each runs, no transaction id is
 * assigned anywhere on the server ({@code txid_current()} from another session advances by exactly its own call), on
 * a database where the bundle is half applied and on one where it is fully applied. A planted operator that Flyway's
 * and the bundle's catalog queries would match ({@code public.=(name, varchar)}, with the database's search_path
 * putting {@code public} first) tries to INSERT whenever it is called: nothing is ever written.
 */
class ReadOnlyCommandsIT {

    private static final Map<String, String> ENV = Map.of("CLICKPIPES_PASSWORD", "Read-only-test-pw-1");
    private static final String USER = BundleRuns.uniqueRole("readonly");
    private static final List<String> READ_ONLY_COMMANDS = List.of("check", "plan", "verify", "info");

    private static TestServer server;

    @BeforeAll
    static void server() {
        // Autovacuum off: an autoanalyze writes pg_statistic and would take a transaction id in the middle of a
        // measurement. Nothing else runs on this server while a command is measured.
        server = TestServers.get(ServerSpec.plain(17).with("autovacuum", "off"));
    }

    @Test
    void readOnlyCommandsAssignNoTransactionIdAndWriteNothingOnAHalfAndAFullyAppliedBundle() throws SQLException {
        String half = BundleRuns.databaseWithOrders(server);
        try {
            flyway(half).target("2").load().migrate();
        } catch (FlywayException e) {
            // V1 and V2 are committed; the verification after migrate rightly finds the setup unfinished.
        }
        String full = BundleRuns.databaseWithOrders(server);
        flyway(full).load().migrate();
        for (String database : List.of(half, full)) {
            plantWritingOperator(database);
            for (String command : READ_ONLY_COMMANDS) {
                for (boolean json : new boolean[] {false, true}) {
                    long before = txidCurrent();
                    CliRun run = json ? run(database, command, "--json") : run(database, command);
                    long after = txidCurrent();
                    String what = command + (json ? " --json" : "") + " on the " + (database.equals(half) ? "half"
                            : "fully") + " applied bundle";
                    assertNotEquals(Main.FAILED, run.exitCode(), what + ":\n" + run.all());
                    assertNotEquals(Main.USAGE, run.exitCode(), what + ":\n" + run.all());
                    assertEquals(before + 1, after, what + " was given a transaction id:\n" + run.all());
                }
            }
            assertEquals(0L, writesByPlantedCode(database), "planted code wrote during a read-only command");
        }
        // The measurement can see a write: migrate of the rest of the half-applied bundle is given transaction ids.
        long before = txidCurrent();
        assertEquals(Main.OK, run(half, "migrate").exitCode());
        assertTrue(txidCurrent() > before + 1, "migrate wrote without a transaction id?");
    }

    @Test
    void theReadOnlyDataSourceRefusesWritesInEveryTransactionOfTheSession() throws SQLException {
        String database = BundleRuns.databaseWithOrders(server);
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        try (Connection connection = new CommandDataSource(server.jdbcUrl(database), properties, true, false)
                .getConnection(); Statement statement = connection.createStatement()) {
            for (int transaction = 0; transaction < 2; transaction++) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> statement.execute("INSERT INTO public.orders VALUES (2, 'written')"));
                assertEquals("25006", refused.getSQLState(), "read_only_sql_transaction");
            }
            try (ResultSet rs = statement.executeQuery("SHOW default_transaction_read_only")) {
                assertTrue(rs.next());
                assertEquals("on", rs.getString(1));
            }
        }
        try (Connection admin = server.superuser(database); Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM public.orders")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    /** The bundle's Flyway configuration for {@code database}, as the superuser, with this test's role. */
    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String database) {
        return ClickPipesFlyway.configure(Flyway.configure(ClickPipesFlyway.class.getClassLoader())
                .dataSource(server.superuserDataSource(database))
                .placeholders(Map.of("clickpipes_user", USER, "clickpipes_password", ENV.get("CLICKPIPES_PASSWORD"))));
    }

    private static CliRun run(String database, String command, String... more) {
        String[] args = new String[more.length + 6];
        args[0] = command;
        args[1] = "--url=" + server.jdbcUrl(database);
        args[2] = "--user";
        args[3] = "postgres";
        args[4] = "--clickpipes-user";
        args[5] = USER;
        System.arraycopy(more, 0, args, 6, more.length);
        return CliRun.run(ENV, args);
    }

    /**
     * An operator that pgjdbc's varchar parameters match exactly in {@code rolname = ?} and {@code nspname = ?}. It
     * answers correctly, so a command that calls it still works, and it tries to INSERT each time; a read-only
     * transaction refuses the INSERT, which it swallows.
     */
    private static void plantWritingOperator(String database) throws SQLException {
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.cp_planted_writes (at timestamptz DEFAULT now())");
            statement.execute("GRANT INSERT ON public.cp_planted_writes TO PUBLIC");
            statement.execute("""
                    CREATE FUNCTION public.cp_planted_eq(pg_catalog.name, pg_catalog.varchar)
                    RETURNS boolean LANGUAGE plpgsql AS $$
                    BEGIN
                        BEGIN
                            INSERT INTO public.cp_planted_writes DEFAULT VALUES;
                        EXCEPTION WHEN read_only_sql_transaction THEN
                            NULL;
                        END;
                        RETURN $1 OPERATOR(pg_catalog.=) $2::pg_catalog.name;
                    END $$""");
            statement.execute("CREATE OPERATOR public.= (LEFTARG = pg_catalog.name, RIGHTARG = pg_catalog.varchar, "
                    + "FUNCTION = public.cp_planted_eq)");
            statement.execute("ALTER DATABASE " + database + " SET search_path = public, pg_catalog");
        }
    }

    private static long writesByPlantedCode(String database) throws SQLException {
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_catalog.count(*) FROM public.cp_planted_writes")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    /** {@code txid_current()} in a transaction of its own, on the postgres database: it assigns one id itself. */
    private static long txidCurrent() throws SQLException {
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_catalog.txid_current()")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
