package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.Flavor;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The executable converges: after each kind of drift that verify reports, one plain migrate with unchanged settings
 * repairs it, says what it repaired, records that run in Flyway's history, and verify then exits 0; the next migrate
 * applies nothing (no phantom re-run) and reports a verification that really ran on the final state.
 */
class ConvergeIT {

    private static final String PASSWORD = "Converge-test-password-1";
    private static final Map<String, String> ENV = Map.of("CLICKPIPES_PASSWORD", PASSWORD);
    private static final String HISTORY = "clickpipes_flyway.clickpipes_schema_history";

    /**
     * One drift: the settings it runs with (besides the role), the statements that cause it, and the finding code
     * verify reports for it.
     */
    private record Drift(String name, ServerSpec spec, List<String> settings, String code, String... statements) {
        @Override
        public String toString() {
            return name + " on " + spec;
        }

        /**
         * The environment verify runs with: with the password it also proves the replication login, which the
         * emulated Aurora surface cannot (rds_replication there is a plain role without the REPLICATION attribute).
         */
        Map<String, String> verifyEnvironment() {
            return spec.flavor() == Flavor.PLAIN ? ENV : Map.of();
        }
    }

    private static ServerSpec pg(int major) {
        return ServerSpec.plain(major);
    }

    static Stream<Arguments> drifts() {
        List<String> tables = List.of("--scope=tables", "--tables=public.orders,public.items");
        return Stream.of(
                new Drift("revoked SELECT", pg(17), List.of(), "TABLES_NOT_READABLE",
                        "REVOKE SELECT ON public.orders FROM %u"),
                new Drift("revoked USAGE", pg(17), List.of(), "NO_SCHEMA_USAGE",
                        "REVOKE USAGE ON SCHEMA public FROM PUBLIC",
                        "REVOKE USAGE ON SCHEMA public FROM %u"),
                new Drift("removed default privileges", pg(17), List.of(), "NO_DEFAULT_PRIVILEGES",
                        "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE SELECT ON TABLES FROM %u"),
                new Drift("NOLOGIN", pg(17), List.of(), "ROLE_CANNOT_LOGIN", "ALTER ROLE %u NOLOGIN"),
                new Drift("expired password", pg(17), List.of(), "ROLE_CANNOT_LOGIN",
                        "ALTER ROLE %u VALID UNTIL '2000-01-01'"),
                new Drift("NOREPLICATION", pg(17), List.of(), "NO_REPLICATION_PRIVILEGE",
                        "ALTER ROLE %u NOREPLICATION"),
                new Drift("lost rds_replication", ServerSpec.aurora(17), List.of(), "NO_REPLICATION_PRIVILEGE",
                        "REVOKE rds_replication FROM %u"),
                new Drift("dropped publication", pg(17), List.of(), "NO_PUBLICATION",
                        "DROP PUBLICATION clickpipes_publication"),
                new Drift("published operations and partition root", pg(17), List.of(),
                        "PUBLICATION_INCOMPLETE",
                        "ALTER PUBLICATION clickpipes_publication SET (publish = 'insert', "
                                + "publish_via_partition_root = false)"),
                new Drift("published operations on 12", pg(12), List.of(), "PUBLICATION_INCOMPLETE",
                        "ALTER PUBLICATION clickpipes_publication SET (publish = 'insert, update')"),
                new Drift("row filter and column list", pg(15), tables, "PUBLICATION_INCOMPLETE",
                        "ALTER PUBLICATION clickpipes_publication SET TABLE public.orders (id) WHERE (id < 0), "
                                + "public.items"),
                new Drift("table dropped from a table-list publication", pg(17), tables,
                        "PUBLICATION_INCOMPLETE",
                        "ALTER PUBLICATION clickpipes_publication DROP TABLE public.items"),
                new Drift("table dropped from a schemas publication on 14", pg(14), List.of(
                        "--scope=schemas"), "PUBLICATION_INCOMPLETE",
                        "ALTER PUBLICATION clickpipes_publication DROP TABLE public.items"),
                // The race at first apply, made deterministic: a table committed by another owner after the grants
                // and without default privileges for it stays unreadable until the next migrate.
                new Drift("table another role created after the run", pg(17), List.of(),
                        "TABLES_NOT_READABLE",
                        "CREATE ROLE %u_app", "GRANT CREATE ON SCHEMA public TO %u_app", "SET ROLE %u_app",
                        "CREATE TABLE public.late (id int PRIMARY KEY)", "RESET ROLE"),
                // verify names a role that cannot log in first; the one migrate repairs everything.
                new Drift("every drift at once", pg(17), List.of(), "ROLE_CANNOT_LOGIN",
                        "REVOKE SELECT ON public.orders FROM %u", "REVOKE USAGE ON SCHEMA public FROM %u",
                        "ALTER ROLE %u NOLOGIN NOREPLICATION", "DROP PUBLICATION clickpipes_publication"))
                .map(Arguments::of);
    }

    /** A migrated database on the drift's server, with two tables that have keys. */
    private record Migrated(TestServer server, String db, String user) {

        static Migrated create(Drift drift) throws SQLException {
            TestServer server = TestServers.get(drift.spec());
            String db = server.createDatabase();
            String user = "cp_conv_" + Long.toHexString(System.nanoTime());
            Migrated migrated = new Migrated(server, db, user);
            migrated.sql("CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "CREATE TABLE public.items (id int PRIMARY KEY, name text)");
            assertEquals(Main.OK, migrated.run(drift, "migrate").exitCode());
            return migrated;
        }

        void drift(Drift drift) throws SQLException {
            sql(Stream.of(drift.statements()).map(s -> s.replace("%u", user)).toArray(String[]::new));
        }

        void sql(String... statements) throws SQLException {
            ConvergeIT.sql(server, db, statements);
        }

        CliRun run(Drift drift, String command, String... more) {
            return ConvergeIT.run(server, db, user, drift, command, more);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void onePlainMigrateRepairsTheDriftAndVerifyThenHolds(Drift drift) throws SQLException {
        Migrated m = Migrated.create(drift);
        int rowsBefore = historyRows(m);

        m.drift(drift);
        CliRun drifted = m.run(drift, "verify", "--json");
        assertEquals(Main.DRIFT, drifted.exitCode(), drifted.all());
        assertTrue(drifted.findingCodes().contains(drift.code()), drifted.out());

        CliRun plan = m.run(drift, "plan");
        assertEquals(Main.OK, plan.exitCode(), plan.all());
        assertFalse(plan.out().contains("nothing to do"), "plan agrees there is something to repair:\n" + plan.out());

        CliRun repair = m.run(drift, "migrate");
        assertEquals(Main.OK, repair.exitCode(), repair.all());
        assertTrue(repair.out().contains("Repaired: "), "says what it repaired:\n" + repair.out());
        assertTrue(repair.out().contains("Verified: "), repair.out());
        assertTrue(historyRows(m) > rowsBefore, "Flyway's history shows the repairing run");

        CliRun verify = m.run(drift, "verify", "--json");
        assertEquals(Main.OK, verify.exitCode(), verify.all());
        assertEquals(drift.verifyEnvironment().isEmpty() ? List.of("REPLICATION_LOGIN_NOT_TRIED") : List.of(),
                verify.findingCodes(), verify.out());

        int rowsAfterRepair = historyRows(m);
        CliRun again = m.run(drift, "migrate");
        assertEquals(Main.OK, again.exitCode(), again.all());
        assertTrue(again.out().contains("Applied 0 migration(s)"), "no phantom re-run:\n" + again.out());
        assertTrue(again.out().contains("checked at the start of this run"), again.out());
        assertEquals(rowsAfterRepair, historyRows(m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void eachFindingsPrintedSqlFixFollowedLiterallyResolvesItToo(Drift drift) throws SQLException {
        Migrated m = Migrated.create(drift);
        m.drift(drift);

        CliRun verify = m.run(drift, "verify", "--json");
        assertEquals(Main.DRIFT, verify.exitCode(), verify.all());
        List<String> fixes = new ArrayList<>();
        // verify names a role that cannot log in before the rest: fix what it shows, then look again.
        for (int round = 0; round < 3 && verify.exitCode() == Main.DRIFT; round++) {
            List<String> printed = new ArrayList<>();
            for (String code : verify.findingCodes()) {
                String fix = (String) verify.finding(code).get("fix");
                // Errors only; a finding whose one fix is "Run migrate again." is proven by the test above (e.g.
                // REPLICATION_LOGIN_FAILED, which the SQL fix of NO_REPLICATION_PRIVILEGE resolves with it).
                if ("ERROR".equals(verify.finding(code).get("severity")) && fix.contains("or: ")) {
                    printed.add(fix.substring(fix.indexOf("or: ") + "or: ".length()));
                }
            }
            Assumptions.assumeFalse(printed.isEmpty(), "only migrate fixes these: " + verify.findingCodes());
            for (String statement : printed) {
                m.sql(statement);
            }
            fixes.addAll(printed);
            verify = m.run(drift, "verify", "--json");
        }
        assertEquals(Main.OK, verify.exitCode(), fixes + "\n" + verify.all());
    }

    @Test
    void aDroppedRoleIsNotRecreatedSilentlyButItsPrintedFixRestoresEverything() throws SQLException {
        Drift none = new Drift("dropped role", pg(17), List.of(), "ROLE_CANNOT_LOGIN");
        Migrated m = Migrated.create(none);
        m.sql("DROP OWNED BY " + m.user(), "DROP ROLE " + m.user());
        CliRun verify = m.run(none, "verify", "--json");
        assertEquals(Main.DRIFT, verify.exitCode(), verify.all());
        String fix = (String) verify.finding("ROLE_CANNOT_LOGIN").get("fix");
        CliRun refused = m.run(none, "migrate");
        assertNotEquals(Main.OK, refused.exitCode(), "the role the bundle created is gone:\n" + refused.all());
        assertTrue(refused.all().contains("CREATE ROLE"), refused.all());

        // The fix, step by step as printed.
        m.sql(fix.substring(fix.indexOf("(CREATE ROLE ") + 1, fix.indexOf(";)") + 1));
        assertEquals(Main.OK, m.run(none, "migrate").exitCode());
        assertTrue(fix.contains("rotate-password"), fix);
        CliRun rotate = m.run(none, "rotate-password");
        assertEquals(Main.OK, rotate.exitCode(), rotate.all());
        CliRun fixed = m.run(none, "verify", "--json");
        assertEquals(Main.OK, fixed.exitCode(), fixed.all());
        assertEquals(List.of(), fixed.findingCodes(), "the replication login works again: " + fixed.out());
    }

    /** One drift per repeatable step. */
    static Stream<Arguments> oneDriftPerStep() {
        return drifts().filter(a -> List.of("revoked SELECT", "dropped publication")
                .contains(((Drift) a.get()[0]).name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneDriftPerStep")
    void aRepairRunsOnlyTheStepThatDriftedAndFlipsOnlyItsDriftBit(Drift drift) throws SQLException {
        Migrated m = Migrated.create(drift);
        m.drift(drift);
        List<String> before = checksums(m);
        CliRun repair = m.run(drift, "migrate");
        assertTrue(repair.out().contains("Applied 1 migration(s)"), repair.out());
        List<String> after = checksums(m);
        String step = drift.code().equals("NO_PUBLICATION") ? "db.clickpipes.R__Maintain_publication"
                : "db.clickpipes.R__Grant_schema_access";
        String previous = before.stream().filter(r -> r.startsWith(step)).reduce((a, b) -> b).orElseThrow();
        String repaired = after.get(after.size() - 1);
        assertTrue(repaired.startsWith(step), after.toString());
        int oldSum = Integer.parseInt(previous.substring(previous.indexOf('|') + 1));
        int newSum = Integer.parseInt(repaired.substring(repaired.indexOf('|') + 1));
        assertNotEquals(oldSum, newSum);
        assertEquals(oldSum ^ 1, newSum, "a repair flips only the drift bit: the settings part is unchanged");
    }

    private static CliRun run(TestServer server, String db, String user, Drift drift, String command,
                              String... more) {
        return run(command.equals("verify") ? drift.verifyEnvironment() : ENV, server, db, user, drift, command,
                more);
    }

    private static CliRun run(Map<String, String> environment, TestServer server, String db, String user, Drift drift,
                              String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--url", server.jdbcUrl(db), "--user", "postgres",
                "--clickpipes-user", user));
        args.addAll(drift.settings());
        args.addAll(List.of(more));
        CliRun result = CliRun.run(environment, args.toArray(String[]::new));
        assertFalse(result.all().contains(PASSWORD), "the password must never be printed:\n" + result.all());
        return result;
    }

    private static int historyRows(Migrated m) throws SQLException {
        try (Connection connection = m.server().superuser(m.db())) {
            return Integer.parseInt(Sql.text(connection, "SELECT count(*) FROM " + HISTORY));
        }
    }

    private static List<String> checksums(Migrated m) throws SQLException {
        try (Connection connection = m.server().superuser(m.db())) {
            return Sql.column(connection, "SELECT script || '|' || checksum FROM " + HISTORY
                    + " WHERE checksum IS NOT NULL ORDER BY installed_rank");
        }
    }

    private static void sql(TestServer server, String db, String... statements) throws SQLException {
        try (Connection connection = server.superuser(db)) {
            Sql.execute(connection, statements);
        }
    }
}
