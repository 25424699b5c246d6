package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.precheck.PoolerCheck;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.PgBouncer;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PgBouncer (Debian's package) in front of PostgreSQL 17. In transaction mode the executable and the Flyway API
 * refuse before anything is written, naming the pooler, without a stack trace; in session mode the bundle runs.
 */
class TransactionPoolerIT {

    private static final String PASSWORD = "Pooler-test-password-1";
    private static final String USER = "cp_pooler_user";

    @BeforeAll
    static void needsPgBouncer() {
        assumeTrue(PgBouncer.installed(), "PgBouncer is not installed (apt-get install pgbouncer; .ci/run does it)");
    }

    @Test
    void executableMigrateThroughATransactionPoolerIsRefusedBeforeWritingAnything() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = database(server);
        CatalogSnapshot before = CatalogSnapshot.take(server, db);
        try (PgBouncer pooler = PgBouncer.start(server, "transaction")) {
            String[] console = new String[1];
            CliRun migrate = capturingConsole(console, () -> CliRun.run(Map.of("CLICKPIPES_PASSWORD", PASSWORD),
                    "migrate", "--url", pooler.jdbcUrl(db), "--user", "postgres", "--clickpipes-user", USER));
            String all = migrate.all() + console[0];
            assertEquals(Main.REFUSED, migrate.exitCode(), all);
            assertTrue(migrate.err().contains(PoolerCheck.CODE.name()) && migrate.err().contains("PgBouncer"), all);
            assertFalse(all.contains("nothing is half-done"), all);
            assertNoStackTrace(all);

            CliRun json = CliRun.run(Map.of("CLICKPIPES_PASSWORD", PASSWORD), "migrate", "--json", "--url",
                    pooler.jdbcUrl(db), "--user", "postgres", "--clickpipes-user", USER);
            assertEquals(Main.REFUSED, json.exitCode(), json.all());
            assertEquals(java.util.List.of(PoolerCheck.CODE.name()), json.findingCodes());
        }
        assertUnchanged(server, db, before);
    }

    @Test
    void flywayApiThroughATransactionPoolerIsRefusedBeforeWritingAnything() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = database(server);
        CatalogSnapshot before = CatalogSnapshot.take(server, db);
        try (PgBouncer pooler = PgBouncer.start(server, "transaction")) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(pooler.jdbcUrl(db));
            dataSource.setUser("postgres");
            String[] console = new String[1];
            RuntimeException error = capturingConsole(console, () -> assertThrows(RuntimeException.class,
                    () -> ClickPipesFlyway.flyway(dataSource, Map.of("clickpipes_user", USER,
                            "clickpipes_password", PASSWORD)).migrate()));
            PreCheckRefusedException refused = find(error, PreCheckRefusedException.class);
            assertTrue(refused != null, "refused by the pre-check, not failed: " + error);
            assertEquals(PoolerCheck.CODE, refused.report().errors().get(0).code(), refused.getMessage());
            assertNoStackTrace(console[0]);
        }
        assertUnchanged(server, db, before);
    }

    @Test
    void sessionPoolerIsNotRefused() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = database(server);
        try (PgBouncer pooler = PgBouncer.start(server, "session")) {
            CliRun migrate = CliRun.run(Map.of("CLICKPIPES_PASSWORD", PASSWORD), "migrate", "--url",
                    pooler.jdbcUrl(db), "--user", "postgres", "--clickpipes-user", USER + "_s");
            assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        }
        try (Connection login = server.login(db, USER + "_s", PASSWORD);
             Statement statement = login.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM public.orders")) {
            assertTrue(rs.next(), "clickpipes_user made through a session pooler reads the table");
        }
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            statement.execute("DROP PUBLICATION clickpipes_publication");
            statement.execute("DROP OWNED BY " + USER + "_s");
            statement.execute("DROP ROLE " + USER + "_s");
        }
    }

    private static String database(TestServer server) throws SQLException {
        String db = server.createDatabase();
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        }
        return db;
    }

    private static void assertUnchanged(TestServer server, String db, CatalogSnapshot before) throws SQLException {
        CatalogSnapshot after = CatalogSnapshot.take(server, db);
        assertEquals(before, after, "a refused run writes nothing");
        assertFalse(after.historySchemaExists(), "no clickpipes_flyway schema");
        assertFalse(after.roles().contains(USER), "no role");
    }

    private static void assertNoStackTrace(String output) {
        assertFalse(output.contains("\tat ") || output.contains("Exception:"), "no stack trace:\n" + output);
    }

    /** Runs {@code action} with System.out and System.err captured (Flyway and SLF4J print there). */
    private static <T> T capturingConsole(String[] console, Supplier<T> action) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            return action.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
            console[0] = captured.toString(StandardCharsets.UTF_8);
            out.print(console[0]);
        }
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
