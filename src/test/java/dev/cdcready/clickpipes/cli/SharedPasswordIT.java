package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * clickpipes_user is one role for the whole server, shared by every database on it, so its password never changes
 * silently: a second database configured with another password is refused (and {@code check} says so), the first
 * keeps working; the password is replaced only on request — {@code clickpipes_rotate_password=true} on a Flyway host,
 * or the executable's {@code rotate-password} — with client-side SCRAM; a password that already logs in is never sent
 * (the server log with log_statement=all shows no ALTER USER ... PASSWORD); a login that fails for another reason than
 * the password is not called a mismatch. No password appears in any output. On PostgreSQL 17.
 */
class SharedPasswordIT {

    private static final String FIRST = "First-shared-pw-1";
    private static final String SECOND = "Second-shared-pw-2";

    /** Two databases of one server, and a role name of this test's own. */
    private record Pair(TestServer server, String a, String b, String user) {

        static Pair create() throws SQLException {
            TestServer server = TestServers.get(ServerSpec.plain(17));
            Pair pair = new Pair(server, server.createDatabase(), server.createDatabase(),
                    "cp_shared_" + Long.toHexString(System.nanoTime()));
            for (String db : List.of(pair.a(), pair.b())) {
                pair.sql(db, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
            }
            return pair;
        }

        void migrate(String db, String password, String... more) {
            Map<String, String> placeholders = new HashMap<>(Map.of("clickpipes_user", user, "clickpipes_password",
                    password));
            for (int i = 0; i < more.length; i += 2) {
                placeholders.put(more[i], more[i + 1]);
            }
            ClickPipesFlyway.flyway(server.superuserDataSource(db), placeholders).migrate();
        }

        CliRun cli(String db, String password, String command, String... more) {
            List<String> args = new ArrayList<>(List.of(command, "--url", server.jdbcUrl(db), "--user", "postgres",
                    "--clickpipes-user", user));
            args.addAll(List.of(more));
            CliRun run = CliRun.run(Map.of("CLICKPIPES_PASSWORD", password), args.toArray(String[]::new));
            assertNoPassword(run.all());
            return run;
        }

        boolean logsIn(String db, String password) {
            try (Connection ignored = server.login(db, user, password)) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        void sql(String db, String... statements) throws SQLException {
            try (Connection admin = server.superuser(db)) {
                Sql.execute(admin, statements);
            }
        }
    }

    @Test
    void secondDatabaseWithAnotherPasswordIsRefusedAndTheFirstKeepsWorking() throws SQLException {
        Pair pair = Pair.create();
        pair.migrate(pair.a(), FIRST);
        CatalogSnapshot before = CatalogSnapshot.take(pair.server(), pair.b());

        RuntimeException refused = assertThrows(RuntimeException.class, () -> pair.migrate(pair.b(), SECOND));

        String message = Causes.messages(refused);
        assertNoPassword(message);
        assertTrue(message.contains("PASSWORD_MISMATCH") && message.contains("shared by every database"), message);
        assertTrue(message.contains("rotate-password") && message.contains("clickpipes_rotate_password=true"),
                message);
        assertEquals(before, CatalogSnapshot.take(pair.server(), pair.b()), "nothing was written in B");
        assertTrue(pair.logsIn(pair.a(), FIRST), "the ClickPipe of database A still logs in");
        assertFalse(pair.logsIn(pair.b(), SECOND));

        CliRun check = pair.cli(pair.b(), SECOND, "check", "--json");
        assertEquals(Main.REFUSED, check.exitCode(), check.all());
        assertEquals(List.of("PASSWORD_MISMATCH"), check.findingCodes().stream()
                .filter(c -> c.startsWith("PASSWORD")).toList(), check.out());
        assertEquals(before, CatalogSnapshot.take(pair.server(), pair.b()), "check wrote nothing");
    }

    @Test
    void rotationRequestedOnTheSecondDatabaseReplacesThePasswordForBoth() throws SQLException {
        Pair pair = Pair.create();
        pair.migrate(pair.a(), FIRST);

        pair.migrate(pair.b(), SECOND, "clickpipes_rotate_password", "true");

        assertTrue(pair.logsIn(pair.a(), SECOND) && pair.logsIn(pair.b(), SECOND));
        assertFalse(pair.logsIn(pair.a(), FIRST), "one role, one password");
    }

    @Test
    void withNothingPendingThePasswordChangesOnlyWhenRotationIsRequested() throws SQLException {
        Pair pair = Pair.create();
        pair.migrate(pair.a(), FIRST);

        pair.migrate(pair.a(), SECOND);
        assertTrue(pair.logsIn(pair.a(), FIRST), "no request, no change");

        pair.migrate(pair.a(), SECOND, "clickpipes_rotate_password", "true");
        assertTrue(pair.logsIn(pair.a(), SECOND), "the callback replaced it as asked");
        assertFalse(pair.logsIn(pair.a(), FIRST));
    }

    @Test
    void theSamePasswordOnTheSecondDatabaseSendsNoPasswordStatement() throws SQLException, IOException {
        Pair pair = Pair.create();
        pair.sql(pair.a(), "ALTER DATABASE " + pair.a() + " SET log_statement = 'all'");
        pair.sql(pair.b(), "ALTER DATABASE " + pair.b() + " SET log_statement = 'all'");
        String passwordStatement = "ALTER USER \"" + pair.user() + "\" PASSWORD";

        long start = Files.size(pair.server().serverLog());
        pair.migrate(pair.a(), FIRST);
        String logA = logSince(pair, start);
        assertTrue(logA.contains(passwordStatement), "the instrument sees the password statement of the creation");

        long middle = Files.size(pair.server().serverLog());
        pair.migrate(pair.b(), FIRST);
        String logB = logSince(pair, middle);

        assertTrue(logB.contains("CREATE PUBLICATION"), "log_statement=all logged the run on B");
        assertFalse(logB.contains(passwordStatement), "no password statement for a password that already logs in");
        assertTrue(pair.logsIn(pair.b(), FIRST));
    }

    @Test
    void rotatePasswordCommandReplacesItProvesItAndPrintsNoPassword() throws SQLException {
        Pair pair = Pair.create();
        assertEquals(Main.OK, pair.cli(pair.a(), FIRST, "migrate").exitCode());

        CliRun rotate = pair.cli(pair.a(), SECOND, "rotate-password");

        assertEquals(Main.OK, rotate.exitCode(), rotate.all());
        assertTrue(rotate.out().contains("logged in with the new one"), rotate.out());
        assertTrue(pair.logsIn(pair.a(), SECOND) && !pair.logsIn(pair.a(), FIRST));
        CliRun again = pair.cli(pair.a(), SECOND, "rotate-password");
        assertEquals(Main.OK, again.exitCode(), again.all());
        assertTrue(again.out().contains("nothing was sent"), again.out());
        assertEquals(Main.OK, pair.cli(pair.a(), SECOND, "verify").exitCode(), "verify holds with the new password");
    }

    @Test
    void rotatePasswordRefusesARoleWithExcessRights() throws SQLException {
        Pair pair = Pair.create();
        pair.migrate(pair.a(), FIRST);
        pair.sql(pair.a(), "GRANT INSERT ON public.orders TO " + pair.user());

        CliRun rotate = pair.cli(pair.a(), SECOND, "rotate-password", "--json");

        assertEquals(Main.REFUSED, rotate.exitCode(), rotate.all());
        assertEquals(List.of("ROLE_NOT_CDC_SHAPED"), rotate.findingCodes());
        assertTrue(pair.logsIn(pair.a(), FIRST), "the password was not replaced");
    }

    @Test
    void loginFailureOtherThanAWrongPasswordIsNotCalledAMismatch() throws SQLException {
        Pair pair = Pair.create();
        pair.sql(pair.b(), "CREATE ROLE " + pair.user() + " NOLOGIN REPLICATION PASSWORD '" + FIRST + "'");
        CatalogSnapshot before = CatalogSnapshot.take(pair.server(), pair.b());

        CliRun check = pair.cli(pair.b(), FIRST, "check", "--json");
        assertEquals(Main.REFUSED, check.exitCode(), check.all());
        assertTrue(check.findingCodes().contains("PASSWORD_NOT_PROVEN"), check.out());
        assertFalse(check.findingCodes().contains("PASSWORD_MISMATCH"), check.out());
        String finding = check.finding("PASSWORD_NOT_PROVEN").toString();
        assertTrue(finding.contains("28000") && finding.contains("pg_hba.conf"), finding);

        RuntimeException refused = assertThrows(RuntimeException.class, () -> pair.migrate(pair.b(), FIRST));
        assertTrue(Causes.messages(refused).contains("PASSWORD_NOT_PROVEN"), Causes.messages(refused));
        assertEquals(before, CatalogSnapshot.take(pair.server(), pair.b()), "nothing was written");
        pair.sql(pair.b(), "ALTER ROLE " + pair.user() + " LOGIN");
        assertTrue(pair.logsIn(pair.b(), FIRST), "its password is the one it had");
    }

    @Test
    void onceTheRoleMigrationRanALaterRunIsNotRefusedForALoginItDoesNotNeed() throws SQLException {
        Pair pair = Pair.create();
        pair.migrate(pair.a(), FIRST);
        // Logins as clickpipes_user now fail with 53300 (too many connections), as when no pg_hba rule lets it in
        // from the migrating host.
        pair.sql(pair.a(), "ALTER ROLE " + pair.user() + " CONNECTION LIMIT 0",
                "CREATE SCHEMA sales", "CREATE TABLE sales.items (id int PRIMARY KEY)");

        CliRun check = pair.cli(pair.a(), FIRST, "check", "--json", "--schemas=public,sales");
        assertEquals(Main.OK, check.exitCode(), check.all());
        pair.migrate(pair.a(), FIRST, "clickpipes_schemas", "public,sales");
        try (Connection admin = pair.server().superuser(pair.a())) {
            assertTrue(Sql.hasTablePrivilege(admin, pair.user(), "sales.items", "SELECT"), "the new grants ran");
        }

        CliRun adoption = pair.cli(pair.b(), FIRST, "check", "--json");
        assertEquals(Main.REFUSED, adoption.exitCode(), adoption.all());
        assertTrue(adoption.finding("PASSWORD_NOT_PROVEN").toString().contains("53300"), adoption.out());
    }

    private static String logSince(Pair pair, long offset) throws IOException {
        byte[] log = Files.readAllBytes(pair.server().serverLog());
        return new String(log, (int) offset, log.length - (int) offset, StandardCharsets.UTF_8);
    }

    private static void assertNoPassword(String text) {
        assertFalse(text.contains(FIRST) || text.contains(SECOND), "a password was printed:\n" + text);
    }
}
