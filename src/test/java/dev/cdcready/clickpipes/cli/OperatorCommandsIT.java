package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The operator commands against real PostgreSQL 17: verify (drift and slot health, the replication login), plan (the
 * statements migrate then really sends), info, and teardown (back to the catalog as it was before migrate).
 */
class OperatorCommandsIT {

    private static final String PASSWORD = "Operator-test-password-1";
    private static final Map<String, String> ENV = Map.of("CLICKPIPES_PASSWORD", PASSWORD);

    /** A fresh database with two tables that have keys, and the role name this test's setup uses. */
    private record Target(TestServer server, String db, String user) {

        static Target create(ServerSpec spec) throws SQLException {
            TestServer server = TestServers.get(spec);
            String db = server.createDatabase();
            OperatorCommandsIT.sql(server, db, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "CREATE TABLE public.items (id int PRIMARY KEY, name text)",
                    "INSERT INTO public.orders VALUES (1, 'first')");
            return new Target(server, db, "cp_op_" + Long.toHexString(System.nanoTime()));
        }

        CliRun run(Map<String, String> environment, String command, String... more) {
            List<String> args = new ArrayList<>(List.of(command, "--url", server.jdbcUrl(db), "--user", "postgres",
                    "--clickpipes-user", user));
            args.addAll(List.of(more));
            CliRun result = CliRun.run(environment, args.toArray(String[]::new));
            assertFalse(result.all().contains(PASSWORD), "the password must never be printed:\n" + result.all());
            return result;
        }

        void migrate() {
            CliRun migrate = run(ENV, "migrate");
            assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        }

        CatalogSnapshot snapshot() throws SQLException {
            return CatalogSnapshot.take(server, db);
        }

        void sql(String... statements) throws SQLException {
            OperatorCommandsIT.sql(server, db, statements);
        }
    }

    @Test
    void planPrintsTheStatementsMigrateThenSendsAndWritesNothing() throws SQLException, IOException {
        Target target = Target.create(ServerSpec.plain(17).with("log_statement", "all"));
        CatalogSnapshot before = target.snapshot();

        CliRun plan = target.run(ENV, "plan", "--json");
        assertEquals(Main.OK, plan.exitCode(), plan.all());
        assertEquals(before, target.snapshot(), "plan must write nothing");
        List<String> planned = statements(plan.json());
        String quoted = "\"" + target.user() + "\"";
        assertTrue(planned.contains("CREATE ROLE " + quoted + " LOGIN"), planned.toString());
        assertTrue(planned.stream().anyMatch(s -> s.startsWith("GRANT SELECT ON TABLE public.")
                && s.endsWith(" TO " + quoted)), planned.toString());
        assertTrue(planned.contains("CREATE PUBLICATION \"clickpipes_publication\" FOR ALL TABLES WITH "
                + "(publish_via_partition_root = true)"), planned.toString());
        assertTrue(planned.stream().anyMatch(s -> s.startsWith("ALTER USER " + quoted + " PASSWORD '<redacted")),
                planned.toString());
        assertEquals(List.of("1", "2", "3", "4", "", ""), versions(plan.json()));

        long logStart = Files.size(target.server().serverLog());
        target.migrate();
        String log = Files.readString(target.server().serverLog(), StandardCharsets.UTF_8).substring((int) logStart);
        for (String statement : planned) {
            if (statement.contains("<redacted")) {
                continue;
            }
            // V1 is a whole script; the rest are single statements. Each reached the server as planned.
            String firstLine = statement.lines().filter(l -> !l.startsWith("--")).findFirst().orElseThrow();
            assertTrue(log.contains(firstLine), "planned but not sent: " + firstLine);
        }

        CliRun again = target.run(ENV, "plan");
        assertEquals(Main.OK, again.exitCode(), again.all());
        assertTrue(again.out().contains("nothing to do"), again.out());
    }

    @Test
    void migrateAsksWhetherTheEndpointIsAPoolerOnlyOnce() throws SQLException, IOException {
        Target target = Target.create(ServerSpec.plain(17).with("log_statement", "all"));
        long logStart = Files.size(target.server().serverLog());
        target.migrate();
        String log = Files.readString(target.server().serverLog(), StandardCharsets.UTF_8).substring((int) logStart);
        // One check is three queries on two connections; the bundle's callback trusts the executable's.
        assertEquals(3, log.lines().filter(line -> line.contains("pg_catalog.pg_backend_pid()")).count(), log);
    }

    @Test
    void planAfterASchemaIsAddedShowsOnlyTheGrantsForIt() throws SQLException {
        Target target = Target.create(ServerSpec.plain(17));
        target.migrate();
        target.sql("CREATE SCHEMA sales", "CREATE TABLE sales.deals (id int PRIMARY KEY)");
        CliRun plan = target.run(ENV, "plan", "--schemas=public,sales", "--json");
        assertEquals(Main.OK, plan.exitCode(), plan.all());
        assertEquals(List.of(), versions(plan.json()).stream().filter(v -> !v.isEmpty()).toList(),
                "only repeatable migrations: " + plan.out());
        String quoted = "\"" + target.user() + "\"";
        List<String> grants = statements(plan.json());
        assertTrue(grants.contains("GRANT USAGE ON SCHEMA \"sales\" TO " + quoted), plan.out());
        assertTrue(grants.contains("GRANT SELECT ON TABLE sales.deals TO " + quoted), plan.out());
        // Only the difference: nothing for the schema that already had everything.
        assertEquals(List.of(), grants.stream().filter(s -> s.contains("\"public\"")).toList(), plan.out());
    }

    @Test
    void planOnAnAuroraReaderSaysMigrateWouldBeRefused() {
        TestServer reader = TestServers.get(ServerSpec.aurora(17).asReader());
        CliRun plan = CliRun.run(Map.of(), "plan", "--json", "--url", reader.jdbcUrl(TestServer.READER_DATABASE),
                "--user", "postgres");
        assertEquals(Main.REFUSED, plan.exitCode(), plan.all());
        assertEquals("refused", plan.json().get("status"));
        assertTrue(plan.findingCodes().contains("NOT_WRITER"), plan.out());
    }

    @Test
    void verifyHoldsAfterMigrateProvesTheReplicationLoginAndWritesNothing() throws SQLException {
        Target target = Target.create(ServerSpec.plain(17));
        target.migrate();
        CatalogSnapshot before = target.snapshot();
        CliRun verify = target.run(ENV, "verify", "--json");
        assertEquals(Main.OK, verify.exitCode(), verify.all());
        assertEquals("ok", verify.json().get("status"));
        assertEquals(List.of(), verify.findingCodes(), "the replication login was tried and worked: " + verify.out());
        assertEquals(before, target.snapshot(), "verify must write nothing");

        CliRun withoutPassword = target.run(Map.of(), "verify");
        assertEquals(Main.OK, withoutPassword.exitCode(), withoutPassword.all());
        assertTrue(withoutPassword.out().contains("REPLICATION_LOGIN_NOT_TRIED"), withoutPassword.out());
    }

    @Test
    void verifyNamesEachDriftWithItsFixAndExitsThree() throws SQLException {
        Target target = Target.create(ServerSpec.plain(17));
        target.migrate();
        String slot = "cp_drift_" + Long.toHexString(System.nanoTime());
        target.sql("REVOKE SELECT ON public.orders FROM \"" + target.user() + "\"",
                "CREATE ROLE rogue_" + slot,
                "GRANT CREATE ON SCHEMA public TO rogue_" + slot,
                "SET ROLE rogue_" + slot,
                "CREATE TABLE public.rogue_table (id int PRIMARY KEY)",
                "RESET ROLE",
                "ALTER TABLE public.items DROP CONSTRAINT items_pkey",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')",
                "INSERT INTO public.orders SELECT g, repeat('x', 100) FROM generate_series(2, 2000) g");
        try {
            CliRun verify = target.run(ENV, "verify", "--json", "--slot-wal-limit=1kB");
            assertEquals(Main.DRIFT, verify.exitCode(), verify.all());
            assertEquals("drift", verify.json().get("status"));
            assertEquals(3L, verify.json().get("exitCode"));
            String unreadable = (String) verify.finding("TABLES_NOT_READABLE").get("message");
            assertTrue(unreadable.contains("public.orders") && unreadable.contains("public.rogue_table"), unreadable);
            assertTrue(((String) verify.finding("KEYLESS_TABLES_PUBLISHED").get("message")).contains("public.items"));
            assertTrue(((String) verify.finding("SLOT_INACTIVE").get("message")).contains(slot));
            assertEquals("WARNING", verify.finding("SLOT_INACTIVE").get("severity"));
            Map<String, Object> retaining = verify.finding("SLOT_RETAINING_WAL");
            assertTrue(((String) retaining.get("fix")).contains("pg_drop_replication_slot('" + slot + "')"),
                    retaining.toString());
            for (String code : verify.findingCodes()) {
                assertFalse(((String) verify.finding(code).get("fix")).isBlank(), code + " has no fix");
            }

            CliRun human = target.run(ENV, "verify", "--slot-wal-limit=1kB");
            assertEquals(Main.DRIFT, human.exitCode());
            assertTrue(human.err().contains("ERROR TABLES_NOT_READABLE") && human.err().contains("Fix: "),
                    human.err());

            // The fixes are SQL to run as they are: after running them, those two findings are gone.
            target.sql(fixSql(verify.finding("TABLES_NOT_READABLE")), fixSql(verify.finding("NO_DEFAULT_PRIVILEGES")));
            CliRun fixed = target.run(ENV, "verify", "--json");
            assertFalse(fixed.findingCodes().contains("TABLES_NOT_READABLE"), fixed.out());
            assertFalse(fixed.findingCodes().contains("NO_DEFAULT_PRIVILEGES"), fixed.out());
        } finally {
            target.sql("SELECT pg_drop_replication_slot('" + slot + "')");
        }
    }

    /**
     * A schema per tenant: fourteen schemas and public. What migrate and verify print names ten of them and counts
     * the rest; when the role lost USAGE and default privileges in all of them, verify's findings do the same and
     * point at migrate, which repairs every one (the statements for fourteen schemas would bury the finding).
     */
    @Test
    void manySchemasAreNamedTenAtATimeAndMigrateRepairsWhatVerifyCountsInAllOfThem() throws SQLException {
        Target target = Target.create(ServerSpec.plain(17));
        List<String> tenants = IntStream.rangeClosed(1, 14).mapToObj(i -> String.format("tenant_%02d", i)).toList();
        for (String tenant : tenants) {
            target.sql("CREATE SCHEMA " + tenant, "CREATE TABLE " + tenant + ".orders (id int PRIMARY KEY)");
        }
        String schemas = "--schemas=public," + String.join(",", tenants);
        String named = "[public, tenant_01, tenant_02, tenant_03, tenant_04, tenant_05, tenant_06, tenant_07, "
                + "tenant_08, tenant_09 and 5 more]";
        CliRun migrate = target.run(ENV, "migrate", schemas);
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("may read every table of " + named), migrate.out());
        assertFalse(migrate.all().contains("tenant_11"), migrate.all());

        for (String tenant : tenants) {
            target.sql("REVOKE USAGE ON SCHEMA " + tenant + " FROM " + target.user(),
                    "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA " + tenant + " REVOKE SELECT ON TABLES FROM "
                            + target.user());
        }
        CliRun verify = target.run(ENV, "verify", "--json", schemas);
        assertEquals(Main.DRIFT, verify.exitCode(), verify.all());
        Map<String, Object> usage = verify.finding("NO_SCHEMA_USAGE");
        assertEquals(target.user() + " has no USAGE on 14 schema(s): tenant_01, tenant_02, tenant_03, tenant_04, "
                + "tenant_05, tenant_06, tenant_07, tenant_08, tenant_09, tenant_10 and 4 more.", usage.get("message"));
        assertEquals("Run migrate again (it grants exactly these).", usage.get("fix"));
        Map<String, Object> defaults = verify.finding("NO_DEFAULT_PRIVILEGES");
        assertTrue(((String) defaults.get("message")).contains(": 14 owner and schema pair(s)"), defaults.toString());
        assertEquals("Run migrate again (it adds exactly these).", defaults.get("fix"));
        String probe = (String) verify.finding("VALIDATION_PROBE_FAILED").get("message");
        assertTrue(probe.contains("fails on 14 table(s): tenant_01.orders (permission denied for schema tenant_01), ")
                && probe.contains("tenant_10.orders (permission denied for schema tenant_10) and 4 more."), probe);
        assertFalse(verify.out().contains("tenant_11"), verify.out());

        CliRun repair = target.run(ENV, "migrate", schemas);
        assertEquals(Main.OK, repair.exitCode(), repair.all());
        CliRun verified = target.run(ENV, "verify", "--json", schemas);
        assertEquals(Main.OK, verified.exitCode(), verified.all());
        assertEquals(List.of(), verified.findingCodes(), verified.out());
        CliRun human = target.run(ENV, "verify", schemas);
        assertEquals(Main.OK, human.exitCode(), human.all());
        assertTrue(human.out().contains("can log in and read " + named), human.out());
    }

    @Test
    void verifyReportsAReplicationLoginThatFails() throws SQLException {
        Target target = Target.create(ServerSpec.plain(17));
        target.migrate();
        String wrong = "Not-the-password-9";
        CliRun verify = target.run(Map.of("CLICKPIPES_PASSWORD", wrong), "verify", "--json");
        assertEquals(Main.DRIFT, verify.exitCode(), verify.all());
        assertTrue(((String) verify.finding("REPLICATION_LOGIN_FAILED").get("message")).contains("28P01"),
                verify.out());
        assertFalse(verify.all().contains(wrong), "no password is printed, not even a wrong one");
    }

    @Test
    void infoShowsTheHistoryAndTheStateBeforeAndAfterMigrate() throws SQLException {
        Target target = Target.create(ServerSpec.plain(17));
        CliRun before = target.run(ENV, "info", "--json");
        assertEquals(Main.OK, before.exitCode(), before.all());
        assertEquals(List.of("Pending"), states(before.json()).stream().distinct().toList());
        assertEquals(6, states(before.json()).size());

        target.migrate();
        CliRun after = target.run(ENV, "info");
        assertEquals(Main.OK, after.exitCode(), after.all());
        assertTrue(after.out().contains("Create replication role") && after.out().contains("Success"), after.out());
        assertTrue(after.out().contains("LOGIN, REPLICATION"), after.out());
        assertTrue(after.out().contains("FOR ALL TABLES"), after.out());
        assertTrue(after.out().contains("The setup holds"), after.out());
    }

    @Test
    void infoAfterMigrateShowsWhatTheClickPipeFormAsksForAndNoSecretFromTheUrl() throws SQLException {
        Target target = Target.create(ServerSpec.plain(17));
        CliRun before = target.run(ENV, "info", "--json");
        assertEquals(null, before.json().get("clickpipe"), "nothing to hand off before migrate");
        target.migrate();
        String urlSecret = "Url-secret-in-info-1";
        String url = target.server().jdbcUrl(target.db()) + "?password=" + urlSecret;
        String port = url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1");

        CliRun json = CliRun.asSuperuser(ENV, url, target.user(), "info", "--json");
        CliRun text = CliRun.asSuperuser(ENV, url, target.user(), "info");

        assertEquals(Main.OK, json.exitCode(), json.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> form = (Map<String, Object>) json.json().get("clickpipe");
        assertEquals("127.0.0.1", form.get("host"));
        assertTrue(((String) form.get("hostNote")).contains("ClickHouse Cloud"), form.toString());
        assertEquals(Long.parseLong(port), form.get("port"));
        assertEquals(target.db(), form.get("database"));
        assertEquals(target.user(), form.get("user"));
        assertEquals("clickpipes_publication", form.get("publication"));
        assertEquals("password", form.get("authentication"));
        assertTrue(text.out().contains("Next: create the ClickPipe"), text.out());
        for (String line : List.of("Host:           127.0.0.1", "Port:           " + port,
                "Database:       " + target.db(), "User:           " + target.user(),
                "Publication:    clickpipes_publication", "Authentication: password")) {
            assertTrue(text.out().contains(line), line + " missing from:\n" + text.out());
        }
        for (CliRun run : List.of(json, text)) {
            assertFalse(run.all().contains(urlSecret) || run.all().contains(PASSWORD), run.all());
        }
    }

    @Test
    void teardownRefusesWhileASlotMayReadThePublicationThenRestoresTheCatalog() throws SQLException {
        Target target = Target.create(ServerSpec.aurora(17));
        CatalogSnapshot pristine = target.snapshot();
        target.migrate();
        CatalogSnapshot migrated = target.snapshot();
        String slot = "cp_teardown_" + Long.toHexString(System.nanoTime());
        target.sql("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        try {
            CliRun refused = target.run(Map.of(), "teardown", "--yes");
            assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
            assertTrue(refused.err().contains("SLOT_IN_USE") && refused.err().contains(slot), refused.err());
            assertEquals(migrated, target.snapshot(), "a refused teardown changes nothing");
        } finally {
            target.sql("SELECT pg_drop_replication_slot('" + slot + "')");
        }

        CliRun withoutYes = target.run(Map.of(), "teardown");
        assertEquals(Main.USAGE, withoutYes.exitCode(), withoutYes.all());
        // The preview is the answer asked for: on stdout, so it can be piped or saved for review.
        assertTrue(withoutYes.out().contains("DROP ROLE \"" + target.user() + "\""), withoutYes.out());
        assertEquals(migrated, target.snapshot(), "teardown without --yes changes nothing");

        CliRun teardown = target.run(Map.of(), "teardown", "--yes", "--json");
        assertEquals(Main.OK, teardown.exitCode(), teardown.all());
        assertEquals(pristine, target.snapshot(), "teardown leaves the catalog as it was before migrate");
        assertThrows(SQLException.class, () -> target.server().login(target.db(), target.user(), PASSWORD).close());

        CliRun nothing = target.run(Map.of(), "teardown", "--yes");
        assertEquals(Main.OK, nothing.exitCode(), nothing.all());
        assertTrue(nothing.out().contains("Nothing to tear down"), nothing.out());
        target.migrate();
        assertEquals(migrated.roles().size(), target.snapshot().roles().size(), "migrate works again afterwards");
    }

    /** The SQL after "or: " in a finding's fix. */
    private static String fixSql(Map<String, Object> finding) {
        String fix = (String) finding.get("fix");
        return fix.substring(fix.indexOf("or: ") + "or: ".length());
    }

    @SuppressWarnings("unchecked")
    static List<String> statements(Map<String, Object> plan) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> migration : (List<Map<String, Object>>) plan.get("migrations")) {
            out.addAll((List<String>) migration.get("statements"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> versions(Map<String, Object> plan) {
        return ((List<Map<String, Object>>) plan.get("migrations")).stream().map(m -> (String) m.get("version"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> states(Map<String, Object> info) {
        return ((List<Map<String, Object>>) info.get("history")).stream().map(m -> (String) m.get("state")).toList();
    }

    private static void sql(TestServer server, String db, String... statements) throws SQLException {
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
