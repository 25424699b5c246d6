package dev.cdcready.clickpipes.cli;

import static dev.cdcready.clickpipes.cli.FixAssertions.assertFixed;
import static dev.cdcready.clickpipes.cli.FixAssertions.assertReported;
import static dev.cdcready.clickpipes.cli.FixAssertions.concat;
import static dev.cdcready.clickpipes.cli.FixAssertions.statement;
import static dev.cdcready.clickpipes.cli.FixAssertions.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixes of the findings about the executable's input, the password, the endpoint and the server's free slots and
 * WAL senders, each run literally on real PostgreSQL 17 as the superuser: the command reports the code, the fix is
 * applied as printed (every alternative it offers), and the command runs again without it. For a warning the fix is
 * shown to be true: doing what it says makes the warning go. PrivilegeFixesIT does the same for a migrating role that
 * is not a superuser.
 */
class RefusalFixesIT {

    private static final String PASSWORD = "Refusal-fixes-password-1";
    private static final String NEW_PASSWORD = "Refusal-fixes-password-2";
    private static final Path PG_RECVLOGICAL = Path.of("/usr/lib/postgresql/15/bin/pg_recvlogical");

    // --- NO_DATABASE --------------------------------------------------------------------------------------------------

    @Test
    void aCommandWithoutADatabaseIsAUsageErrorUntilTheUrlIsGivenEitherWayTheFixSays() throws SQLException {
        Db db = Db.create(TestServers.get(ServerSpec.plain(17)));
        assertEquals(Main.OK, db.run("migrate").exitCode());

        CliRun usage = CliRun.run(Db.env(PASSWORD), "verify", "--json", "--user", "postgres", "--clickpipes-user",
                db.user());
        String fix = assertReported(usage, Main.USAGE, "NO_DATABASE");
        assertTrue(fix.contains("--url=") && fix.contains("FLYWAY_URL"), fix);

        assertFixed(CliRun.run(Db.env(PASSWORD), "verify", "--json", "--url=" + db.url(), "--user", "postgres",
                "--clickpipes-user", db.user()), "NO_DATABASE");
        Map<String, String> flywayUrl = new HashMap<>(Db.env(PASSWORD));
        flywayUrl.put("FLYWAY_URL", db.url());
        assertFixed(CliRun.run(flywayUrl, "verify", "--json", "--user", "postgres", "--clickpipes-user", db.user()),
                "NO_DATABASE");
    }

    // --- NO_PASSWORD, ROLE_MISSING, NEW_PASSWORD_NOT_PROVEN (rotate-password) -----------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CLICKPIPES_PASSWORD", "clickpipes_password_file"})
    void rotatePasswordWithoutANewPasswordIsRefusedUntilOneIsGivenAsTheFixSays(String channel) throws Exception {
        Db db = Db.create(TestServers.get(ServerSpec.plain(17)));
        assertEquals(Main.OK, db.run("migrate").exitCode());

        CliRun refused = db.run(Map.of(), "rotate-password", "--json");
        String fix = assertReported(refused, Main.REFUSED, "NO_PASSWORD");
        assertTrue(fix.contains(channel), fix);
        assertTrue(db.logsIn(PASSWORD), "nothing was changed");

        CliRun rotated;
        if (channel.equals("CLICKPIPES_PASSWORD")) {
            rotated = db.run(Db.env(NEW_PASSWORD), "rotate-password", "--json");
        } else {
            Path file = Files.createTempFile("clickpipes-new-password", ".txt");
            try {
                Files.writeString(file, NEW_PASSWORD + "\n", StandardCharsets.UTF_8);
                rotated = db.run(Map.of(), "rotate-password", "--json", "--password-file=" + file);
            } finally {
                Files.delete(file);
            }
        }
        assertFixed(rotated, "NO_PASSWORD");
        assertTrue(db.logsIn(NEW_PASSWORD), "the new password logs in");
        assertFalse(db.logsIn(PASSWORD), "the old one no longer does");
    }

    @Test
    void rotatePasswordForARoleThatDoesNotExistIsRefusedUntilMigrateRunsAsTheFixSays() throws SQLException {
        Db db = Db.create(TestServers.get(ServerSpec.plain(17)));

        String fix = assertReported(db.run("rotate-password", "--json"), Main.REFUSED, "ROLE_MISSING");
        assertTrue(fix.startsWith("Run migrate"), fix);
        assertEquals(List.of(), db.roles(), "nothing was created");

        assertEquals(Main.OK, db.run("migrate").exitCode());
        assertFixed(db.run("rotate-password", "--json"), "ROLE_MISSING");
        assertTrue(db.logsIn(PASSWORD));
    }

    @Test
    void aNewPasswordThatCannotLogInIsReportedUntilPgHbaLetsTheRoleInAndVerifyThenPasses() throws Exception {
        try (TestServer server = TestServers.startPrivate(ServerSpec.plain(17))) {
            Db db = Db.create(server);
            assertEquals(Main.OK, db.run("migrate").exitCode());
            Path hba = server.dataDirectory().resolve("pg_hba.conf");
            String rules = Files.readString(hba, StandardCharsets.UTF_8);
            // A rule that keeps clickpipes_user out from this host, as a missing pg_hba.conf line does on a server.
            Files.writeString(hba, "host all " + db.user() + " 127.0.0.1/32 reject\n" + rules, StandardCharsets.UTF_8);
            db.sql("SELECT pg_catalog.pg_reload_conf()");

            CliRun failed = db.run(Db.env(NEW_PASSWORD), "rotate-password", "--json");
            String fix = assertReported(failed, Main.FAILED, "NEW_PASSWORD_NOT_PROVEN");
            assertTrue(fix.contains("pg_hba.conf") && fix.endsWith("then run verify."), fix);

            Files.writeString(hba, rules, StandardCharsets.UTF_8);
            db.sql("SELECT pg_catalog.pg_reload_conf()");
            assertFixed(db.run(Db.env(NEW_PASSWORD), "verify", "--json"), "NEW_PASSWORD_NOT_PROVEN");
            assertTrue(db.logsIn(NEW_PASSWORD), "the replaced password is the one that logs in");
        }
    }

    /**
     * A database hardened with REVOKE CONNECT … FROM PUBLIC refuses clickpipes_user with 42501, like a missing
     * replication privilege does: verify's replication login and rotate-password's proof both print the GRANT CONNECT
     * that lets it in (not a pg_hba.conf rule), and that statement, run as printed, makes verify pass.
     */
    @Test
    void aDatabaseWithoutConnectForPublicIsReportedWithTheGrantThatLetsTheRoleIn() throws SQLException {
        Db db = Db.create(TestServers.get(ServerSpec.plain(17)));
        assertEquals(Main.OK, db.run("migrate").exitCode());
        db.sql("REVOKE CONNECT ON DATABASE " + db.name() + " FROM PUBLIC");
        String grant = "GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO \"" + db.user() + "\";";

        CliRun verify = db.run("verify", "--json");
        String fix = assertReported(verify, Main.DRIFT, "REPLICATION_LOGIN_FAILED");
        assertEquals(grant + " Then run verify again.", fix);
        CliRun rotate = db.run(Db.env(NEW_PASSWORD), "rotate-password", "--json");
        assertEquals(grant + ", then run verify.", assertReported(rotate, Main.FAILED, "NEW_PASSWORD_NOT_PROVEN"));

        db.sql(statement(fix, "GRANT CONNECT"));
        CliRun after = db.run(Db.env(NEW_PASSWORD), "verify", "--json");
        assertEquals(Main.OK, after.exitCode(), after.all());
        assertTrue(db.logsIn(NEW_PASSWORD), "the rotated password logs in once CONNECT is granted");
    }

    // --- PASSWORD_MISSING, PASSWORD_ROTATION --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CLICKPIPES_PASSWORD", "clickpipes_password_file"})
    void aNewRoleWithoutAPasswordIsRefusedUntilOneIsGivenEitherWayTheFixSays(String channel) throws Exception {
        Db db = Db.create(TestServers.get(ServerSpec.plain(17)));

        String fix = assertReported(db.run(Map.of(), "check", "--json"), Main.REFUSED, "PASSWORD_MISSING");
        assertTrue(fix.contains(channel), fix);

        if (channel.equals("CLICKPIPES_PASSWORD")) {
            assertFixed(db.run("check", "--json"), "PASSWORD_MISSING");
            assertEquals(Main.OK, db.run("migrate").exitCode());
        } else {
            Path file = Files.createTempFile("clickpipes-password", ".txt");
            try {
                Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
                assertFixed(db.run(Map.of(), "check", "--json", "--password-file=" + file), "PASSWORD_MISSING");
                assertEquals(Main.OK, db.run(Map.of(), "migrate", "--password-file=" + file).exitCode());
            } finally {
                Files.delete(file);
            }
        }
        assertTrue(db.logsIn(PASSWORD), "the role logs in with the password given");
    }

    /**
     * The password is judged while the role is being adopted, so on a second database of the server: there the
     * rotation is asked for and the warning says every ClickPipe needs the new password — true: after the migrate the
     * new password is the one that logs in, on the first database too, and a third database adopts the role with it
     * without a warning.
     */
    @Test
    void theRotationWarningIsTrueAfterMigrateEveryDatabaseNeedsTheNewPassword() throws SQLException {
        Db first = Db.create(TestServers.get(ServerSpec.plain(17)));
        assertEquals(Main.OK, first.run("migrate").exitCode());
        Db second = first.sibling();
        Map<String, String> rotate = new HashMap<>(Db.env(NEW_PASSWORD));
        rotate.put("FLYWAY_PLACEHOLDERS_CLICKPIPES_ROTATE_PASSWORD", "true");

        CliRun check = second.run(rotate, "check", "--json");
        String fix = assertReported(check, Main.OK, "PASSWORD_ROTATION");
        assertEquals("WARNING", check.finding("PASSWORD_ROTATION").get("severity"));
        assertTrue(fix.contains(first.user()) && fix.contains("the new password"), fix);

        assertEquals(Main.OK, second.run(rotate, "migrate").exitCode());
        assertTrue(first.logsIn(NEW_PASSWORD), "a ClickPipe on the first database needs the new password");
        assertFalse(first.logsIn(PASSWORD), "the old one no longer logs in");
        assertFixed(first.sibling().run(rotate, "check", "--json"), "PASSWORD_ROTATION");
    }

    // --- OWNER_MISSING, TABLE_MISSING ---------------------------------------------------------------------------------

    @Test
    void aTableOwnerThatDoesNotExistIsRefusedUntilTheSettingIsCorrectedOrSetToAuto() throws SQLException {
        Db db = Db.create(TestServers.get(ServerSpec.plain(17)));
        String missing = uniqueName("no_such_owner");

        String fix = assertReported(db.run(owners(missing), "check", "--json"), Main.REFUSED, "OWNER_MISSING");
        assertTrue(fix.contains("clickpipes_table_owners") && fix.contains("auto"), fix);

        assertFixed(db.run(owners("auto"), "check", "--json"), "OWNER_MISSING");
        assertFixed(db.run(owners("postgres"), "check", "--json"), "OWNER_MISSING");
        assertEquals(Main.OK, db.run(owners("postgres"), "migrate").exitCode());
    }

    @Test
    void aConfiguredTableThatDoesNotExistIsRefusedUntilTheListIsCorrectedOrTheTableCreated() throws SQLException {
        Db db = Db.create(TestServers.get(ServerSpec.plain(17)));
        String[] tables = {"--scope=tables", "--tables=public.orders,public.refunds"};

        String fix = assertReported(db.run("check", concat("--json", tables)), Main.REFUSED, "TABLE_MISSING");
        assertTrue(fix.contains("Correct clickpipes_tables") && fix.contains("create the table"), fix);

        assertFixed(db.run("check", "--json", "--scope=tables", "--tables=public.orders"), "TABLE_MISSING");
        db.sql("CREATE TABLE public.refunds (id int PRIMARY KEY, amount numeric)");
        assertFixed(db.run("check", concat("--json", tables)), "TABLE_MISSING");
        assertEquals(Main.OK, db.run("migrate", tables).exitCode());
    }

    // --- CUSTOM_ENDPOINT, PROXY_ENDPOINT ------------------------------------------------------------------------------

    /**
     * The endpoint is judged by its name alone, so an AWS-shaped name is put first in the JDBC URL's host list: it
     * does not resolve here and the driver connects to the next host, the test server (an Aurora-like surface).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CUSTOM_ENDPOINT", "PROXY_ENDPOINT"})
    void anEndpointThatMayNotReachTheWriterIsAWarningThatTheWriterEndpointTheFixNamesRemoves(String code)
            throws SQLException {
        Db db = Db.create(TestServers.get(ServerSpec.aurora(17)));
        String host = code.equals("CUSTOM_ENDPOINT") ? "mycluster.cluster-custom-abc123xyz.us-east-1.rds.amazonaws.com"
                : "myproxy.proxy-abc123xyz.us-east-1.rds.amazonaws.com";

        CliRun check = db.runAt(db.url().replace("//", "//" + host + ":5432,"), Db.env(PASSWORD), "check", "--json");
        String fix = assertReported(check, Main.OK, code);
        assertEquals("WARNING", check.finding(code).get("severity"));
        assertTrue(fix.contains("cluster writer endpoint <cluster>.cluster-<id>.<region>.rds.amazonaws.com"), fix);

        String writer = "mycluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com";
        assertFixed(db.runAt(db.url().replace("//", "//" + writer + ":5432,"), Db.env(PASSWORD), "check", "--json"),
                code);
    }

    // --- NO_FREE_REPLICATION_SLOT, NO_FREE_WAL_SENDER -----------------------------------------------------------------

    @Test
    void noFreeReplicationSlotIsAWarningUntilTheLimitIsRaisedOrAnUnusedSlotIsDroppedAsPrinted() throws SQLException {
        try (TestServer server = TestServers.startPrivate(ServerSpec.plain(17)
                .with("max_replication_slots", ServerSpec.SERVER_DEFAULT))) {
            Db db = Db.create(server);
            db.setAndRestart("max_replication_slots", "1");
            String first = uniqueName("unused");
            db.sql(createSlot(first));

            CliRun full = db.run("check", "--json");
            String fix = assertReported(full, Main.OK, "NO_FREE_REPLICATION_SLOT");
            assertEquals("WARNING", full.finding("NO_FREE_REPLICATION_SLOT").get("severity"));

            // "Raise max_replication_slots (restart needed)"
            assertTrue(fix.startsWith("Raise max_replication_slots (restart needed)"), fix);
            db.setAndRestart("max_replication_slots", "2");
            assertFixed(db.run("check", "--json"), "NO_FREE_REPLICATION_SLOT");

            // "or drop an unused slot with SELECT pg_catalog.pg_drop_replication_slot('<name>');"
            String second = uniqueName("unused");
            db.sql(createSlot(second));
            assertReported(db.run("check", "--json"), Main.OK, "NO_FREE_REPLICATION_SLOT");
            db.sql(statement(fix, "SELECT pg_catalog.pg_drop_replication_slot(").replace("<name>", second));
            assertFixed(db.run("check", "--json"), "NO_FREE_REPLICATION_SLOT");
            assertEquals(Main.OK, db.run("migrate").exitCode());
        }
    }

    @Test
    void noFreeWalSenderIsAWarningUntilMaxWalSendersIsRaisedAsTheFixSays() throws Exception {
        assumeTrue(Files.isExecutable(PG_RECVLOGICAL), "needs " + PG_RECVLOGICAL);
        try (TestServer server = TestServers.startPrivate(ServerSpec.plain(17)
                .with("max_wal_senders", ServerSpec.SERVER_DEFAULT))) {
            Db db = Db.create(server);
            db.setAndRestart("max_wal_senders", "2");
            List<String> slots = List.of(uniqueName("sender"), uniqueName("sender"));
            for (String slot : slots) {
                db.sql(createSlot(slot));
            }
            List<Process> streams = db.stream(slots);
            try {
                CliRun full = db.run("check", "--json");
                String fix = assertReported(full, Main.OK, "NO_FREE_WAL_SENDER");
                assertEquals("WARNING", full.finding("NO_FREE_WAL_SENDER").get("severity"));
                assertEquals("Raise max_wal_senders (restart needed).", fix);

                db.stop(streams);
                db.setAndRestart("max_wal_senders", "3");
                streams = db.stream(slots); // the same two consumers, back after the restart
                assertFixed(db.run("check", "--json"), "NO_FREE_WAL_SENDER");
            } finally {
                db.stop(streams);
            }
            for (String slot : slots) {
                db.sql("SELECT pg_catalog.pg_drop_replication_slot('" + slot + "')");
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    private static Map<String, String> owners(String value) {
        Map<String, String> environment = new HashMap<>(Db.env(PASSWORD));
        environment.put("FLYWAY_PLACEHOLDERS_CLICKPIPES_TABLE_OWNERS", value);
        return environment;
    }

    private static String createSlot(String slot) {
        return "SELECT pg_catalog.pg_create_logical_replication_slot('" + slot + "', 'pgoutput')";
    }

    /** A database with {@code public.orders} and {@code public.items} (both keyed) and a clickpipes_user name. */
    private record Db(TestServer server, String name, String user) {

        static Db create(TestServer server) throws SQLException {
            Db db = new Db(server, server.createDatabase(), uniqueName("cp_refusal"));
            db.sql("CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "CREATE TABLE public.items (id int PRIMARY KEY, name text)");
            return db;
        }

        /** Another database of the same server, for the same clickpipes_user. */
        Db sibling() throws SQLException {
            Db db = new Db(server, server.createDatabase(), user);
            db.sql("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
            return db;
        }

        static Map<String, String> env(String password) {
            return Map.of("CLICKPIPES_PASSWORD", password);
        }

        String url() {
            return server.jdbcUrl(name);
        }

        CliRun run(String command, String... more) {
            return run(env(PASSWORD), command, more);
        }

        CliRun run(Map<String, String> environment, String command, String... more) {
            return runAt(url(), environment, command, more);
        }

        CliRun runAt(String url, Map<String, String> environment, String command, String... more) {
            CliRun result = CliRun.asSuperuser(environment, url, user, command, more);
            assertFalse(result.all().contains(PASSWORD) || result.all().contains(NEW_PASSWORD),
                    "a password was printed:\n" + result.all());
            return result;
        }

        void sql(String... statements) throws SQLException {
            try (Connection connection = server.superuser(name)) {
                Sql.execute(connection, statements);
            }
        }

        List<String> roles() throws SQLException {
            try (Connection connection = server.superuser(name)) {
                return Sql.column(connection, "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname"
                        + " OPERATOR(pg_catalog.=) ?", user);
            }
        }

        boolean logsIn(String password) {
            return FixAssertions.logsIn(server, name, user, password);
        }

        /** ALTER SYSTEM, then a restart: the settings this is for take effect only at server start. */
        void setAndRestart(String setting, String value) throws SQLException {
            sql("ALTER SYSTEM SET " + setting + " = " + value);
            server.restart();
        }

        /** One pg_recvlogical per slot, as postgres, each holding a WAL sender until stopped. */
        List<Process> stream(List<String> slots) throws IOException, SQLException, InterruptedException {
            List<Process> streams = new ArrayList<>();
            for (String slot : slots) {
                streams.add(new ProcessBuilder(PG_RECVLOGICAL.toString(), "-h", server.host(), "-p",
                        String.valueOf(server.port()), "-U", "postgres", "-d", name, "--slot=" + slot, "--start",
                        "--no-loop", "-f", "-", "-o", "proto_version=1", "-o", "publication_names=none")
                        .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start());
            }
            awaitWalSenders(slots.size());
            return streams;
        }

        void stop(List<Process> streams) throws InterruptedException {
            for (Process stream : streams) {
                stream.destroy();
                if (!stream.waitFor(10, TimeUnit.SECONDS)) {
                    stream.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }

        private void awaitWalSenders(int count) throws SQLException, InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            try (Connection connection = server.superuser(name)) {
                while (Integer.parseInt(Sql.text(connection, "SELECT pg_catalog.count(*)::text"
                        + " FROM pg_catalog.pg_stat_replication")) < count) {
                    assertTrue(Instant.now().isBefore(deadline), count + " WAL senders did not start");
                    Thread.sleep(100);
                }
            }
        }
    }
}
