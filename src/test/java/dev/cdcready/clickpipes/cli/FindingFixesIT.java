package dev.cdcready.clickpipes.cli;

import static dev.cdcready.clickpipes.cli.FixAssertions.assertFixed;
import static dev.cdcready.clickpipes.cli.FixAssertions.concat;
import static dev.cdcready.clickpipes.cli.FixAssertions.fix;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each finding's printed fix, followed literally, resolves it: for the scope conflict (pre-check and verify), tables
 * without a key (check and verify), the slot findings of verify and teardown's slot refusals. Each test makes the bad
 * state on real PostgreSQL 17, runs the command, runs the fix as printed (as the migrating role, here the superuser),
 * and runs the command again: the finding is gone and the exit code says so. Where the text offers a choice, every
 * alternative is run. ConvergeIT, CdcReadinessIT and ExcessRightsDriftIT do the same for the other codes.
 */
class FindingFixesIT {

    private static final String PASSWORD = "Finding-fixes-password-1";
    private static final Map<String, String> ENV = Map.of("CLICKPIPES_PASSWORD", PASSWORD);
    /** Debian's postgresql-client-15; it streams from servers 12 to 18. */
    private static final Path PG_RECVLOGICAL = Path.of("/usr/lib/postgresql/15/bin/pg_recvlogical");
    /** A keyed table to write WAL into, so that it adds no finding of its own. */
    private static final String FILLER = "CREATE TABLE IF NOT EXISTS public.filler"
            + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, pad text)";

    // --- PUBLICATION_SCOPE_CONFLICT -------------------------------------------------------------------------------

    @Test
    void preCheckScopeConflictGoesAwayWithEachFixItOffers() throws SQLException {
        Target t = Target.create(ServerSpec.plain(17));
        t.sql("CREATE PUBLICATION clickpipes_publication FOR TABLE public.orders");

        CliRun refused = t.run("check", "--json");
        assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
        String fix = fix(refused, "PUBLICATION_SCOPE_CONFLICT");

        // "Set clickpipes_publication_scope to match it": the text names the value and the setting it needs.
        assertTrue(fix.contains("clickpipes_publication_scope=tables") && fix.contains("clickpipes_tables"), fix);
        assertFixed(t.run("check", "--json", "--scope=tables", "--tables=public.orders"),
                "PUBLICATION_SCOPE_CONFLICT");
        // "choose another clickpipes_publication"
        assertFixed(t.run("check", "--json", "--publication=clickpipes_other"), "PUBLICATION_SCOPE_CONFLICT");
        // "drop it (DROP PUBLICATION …;); then run migrate again"
        t.sql(statement(fix, "DROP PUBLICATION "));
        assertFixed(t.run("check", "--json"), "PUBLICATION_SCOPE_CONFLICT");
        assertEquals(Main.OK, t.run("migrate").exitCode());
        assertFixed(t.run("verify", "--json"), "PUBLICATION_SCOPE_CONFLICT");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"set the scope to match it", "choose another publication", "drop it"})
    void verifyScopeConflictGoesAwayWithEachFixItOffers(String alternative) throws SQLException {
        Target t = Target.create(ServerSpec.plain(17));
        assertEquals(Main.OK, t.run("migrate").exitCode());
        t.sql("DROP PUBLICATION clickpipes_publication",
                "CREATE PUBLICATION clickpipes_publication FOR TABLE public.orders");

        CliRun drift = t.run("verify", "--json");
        assertEquals(Main.DRIFT, drift.exitCode(), drift.all());
        String fix = fix(drift, "PUBLICATION_SCOPE_CONFLICT");
        assertTrue(fix.endsWith("then run migrate again."), fix);
        // One rule, one finding: check says exactly what verify says.
        CliRun check = t.run("check", "--json");
        assertEquals(drift.finding("PUBLICATION_SCOPE_CONFLICT"), check.finding("PUBLICATION_SCOPE_CONFLICT"));

        String[] settings = switch (alternative) {
            case "set the scope to match it" -> {
                assertTrue(fix.contains("clickpipes_publication_scope=tables with clickpipes_tables"), fix);
                yield new String[] {"--scope=tables", "--tables=public.orders"};
            }
            case "choose another publication" -> {
                assertTrue(fix.contains("choose another clickpipes_publication"), fix);
                yield new String[] {"--publication=clickpipes_other"};
            }
            default -> {
                t.sql(statement(fix, "DROP PUBLICATION "));
                yield new String[0];
            }
        };
        CliRun migrate = t.run("migrate", settings);
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        assertFixed(t.run("verify", concat("--json", settings)), "PUBLICATION_SCOPE_CONFLICT");
        if (alternative.equals("drop it")) {
            t.assertPublicationIsForAllTables();
        }
    }

    // --- KEYLESS_TABLES and KEYLESS_TABLES_PUBLISHED -----------------------------------------------------------------

    @Test
    void keylessTablesRefusedByCheckAreClearedByNarrowingTheScopeOrByTheirPrintedStatements() throws SQLException {
        Target t = Target.create(ServerSpec.plain(17));
        t.sql("CREATE SCHEMA logs", "CREATE TABLE logs.audit (id int NOT NULL, line text)",
                "CREATE TABLE logs.trail (id int NOT NULL, line text)");

        CliRun refused = t.run("check", "--json");
        assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
        assertEquals("ERROR", refused.finding("KEYLESS_TABLES").get("severity"));
        String fix = fix(refused, "KEYLESS_TABLES");

        // "narrow the publication with clickpipes_publication_scope=schemas or tables so it leaves them out"
        assertFixed(t.run("check", "--json", "--scope=schemas"), "KEYLESS_TABLES");
        assertFixed(t.run("check", "--json", "--scope=tables", "--tables=public.orders"), "KEYLESS_TABLES");

        // The printed statements, one per table, as psql would run them.
        List<String> statements = statementsBefore(fix, " (");
        assertEquals(List.of("ALTER TABLE logs.audit REPLICA IDENTITY FULL", "ALTER TABLE logs.trail REPLICA "
                + "IDENTITY FULL"), statements, fix);
        t.sql(statements.get(0));
        CliRun half = t.run("check", "--json");
        assertEquals(Main.REFUSED, half.exitCode(), "one table is still without a key:\n" + half.out());
        // "or give each a primary key"
        t.sql("ALTER TABLE logs.trail ADD PRIMARY KEY (id)");
        assertFixed(t.run("check", "--json"), "KEYLESS_TABLES");
        assertEquals(Main.OK, t.run("migrate", "--schemas=public,logs").exitCode());
    }

    /**
     * A schema publication grows when a schema is added to the settings: the new schema's keyless tables are not
     * published yet, so the pre-check refuses as it does for a new publication (not a warning that they are "already"
     * published), migrate changes nothing, and the printed statement lets the migrate through.
     */
    @Test
    void keylessTablesAnExistingSchemaPublicationWouldNewlyPublishAreRefusedUntilTheirPrintedStatementRuns()
            throws SQLException {
        Target t = Target.create(ServerSpec.plain(17));
        assertEquals(Main.OK, t.run("migrate", "--scope=schemas").exitCode());
        t.sql("CREATE SCHEMA logs", "CREATE TABLE logs.audit (id int NOT NULL, line text)");

        CliRun refused = t.run("check", "--json", "--scope=schemas", "--schemas=public,logs");
        assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
        assertEquals("ERROR", refused.finding("KEYLESS_TABLES").get("severity"));
        assertTrue(refused.finding("KEYLESS_TABLES").get("message").toString().contains("logs.audit"), refused.out());
        assertEquals(Main.REFUSED, t.run("migrate", "--scope=schemas", "--schemas=public,logs").exitCode());
        try (Connection admin = t.server().superuser(t.db())) {
            assertEquals("0", Sql.text(admin, "SELECT pg_catalog.count(*)::text FROM pg_catalog.pg_publication_namespace"
                    + " pn JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) pn.pnnspid"
                    + " WHERE n.nspname OPERATOR(pg_catalog.=) 'logs'"), "the refused migrate published nothing");
        }

        List<String> statements = statementsBefore(fix(refused, "KEYLESS_TABLES"), " (");
        assertEquals(List.of("ALTER TABLE logs.audit REPLICA IDENTITY FULL"), statements);
        t.sql(statements.get(0));
        assertFixed(t.run("check", "--json", "--scope=schemas", "--schemas=public,logs"), "KEYLESS_TABLES");
        assertEquals(Main.OK, t.run("migrate", "--scope=schemas", "--schemas=public,logs").exitCode());
    }

    @Test
    void aKeylessTableThatAnExistingPublicationCoversIsAWarningOfCheckAndDriftOfVerifyUntilItsFixRuns()
            throws SQLException {
        Target t = Target.create(ServerSpec.plain(17));
        assertEquals(Main.OK, t.run("migrate").exitCode());
        t.sql("CREATE TABLE public.events (id int NOT NULL, at timestamptz)",
                "CREATE TABLE public.visits (id int NOT NULL, at timestamptz)");

        CliRun check = t.run("check", "--json");
        assertEquals(Main.OK, check.exitCode(), "the damage is done; check warns:\n" + check.all());
        assertEquals("WARNING", check.finding("KEYLESS_TABLES").get("severity"));
        CliRun drift = t.run("verify", "--json");
        assertEquals(Main.DRIFT, drift.exitCode(), drift.all());
        String fix = fix(drift, "KEYLESS_TABLES_PUBLISHED");
        List<String> statements = statementsBefore(fix, " (");
        assertEquals(2, statements.size(), fix);

        t.sql(statements.get(0));
        // "or give each a primary key", for the other one.
        t.sql("ALTER TABLE public.visits ADD PRIMARY KEY (id)");
        assertFixed(t.run("verify", "--json"), "KEYLESS_TABLES_PUBLISHED");
        assertFixed(t.run("check", "--json"), "KEYLESS_TABLES");
        try (Connection admin = t.server().superuser(t.db())) {
            assertEquals("f", Sql.text(admin, "SELECT relreplident::text FROM pg_catalog.pg_class"
                    + " WHERE oid OPERATOR(pg_catalog.=) 'public.events'::pg_catalog.regclass"));
        }
    }

    // --- SLOT_LOST, SLOT_RETAINING_WAL, SLOT_INACTIVE (verify) ------------------------------------------------------

    @Test
    void aSlotThatLostWalIsDriftUntilItIsDroppedAsPrintedAndTheResyncSlotIsOnlyInactive() throws SQLException {
        // max_slot_wal_keep_size left to ALTER SYSTEM: small while the slot loses its WAL, ClickHouse's advice after.
        try (TestServer server = TestServers.startPrivate(ServerSpec.plain(17)
                .with("max_slot_wal_keep_size", ServerSpec.SERVER_DEFAULT))) {
            Target t = Target.create(server);
            String slot = slotName("lost");
            t.sql("ALTER SYSTEM SET max_slot_wal_keep_size = '200GB'", "SELECT pg_catalog.pg_reload_conf()");
            assertEquals(Main.OK, t.run("migrate").exitCode());
            t.sql("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'", "SELECT pg_catalog.pg_reload_conf()",
                    createSlot(slot));
            t.loseWal(slot);
            t.sql("ALTER SYSTEM SET max_slot_wal_keep_size = '200GB'", "SELECT pg_catalog.pg_reload_conf()");

            CliRun drift = t.run("verify", "--json");
            assertEquals(Main.DRIFT, drift.exitCode(), drift.all());
            assertTrue(((String) drift.finding("SLOT_LOST").get("message")).contains(slot));
            String fix = fix(drift, "SLOT_LOST");
            t.sql(statement(fix, "SELECT pg_catalog.pg_drop_replication_slot("));
            assertFixed(t.run("verify", "--json"), "SLOT_LOST");

            // The resync: ClickPipes creates a new slot, which is fine (inactive until it reads).
            String resync = slotName("resync");
            t.sql(createSlot(resync));
            CliRun after = t.run("verify", "--json");
            assertFixed(after, "SLOT_LOST");
            assertEquals("WARNING", after.finding("SLOT_INACTIVE").get("severity"));
            t.sql(dropSlot(resync));
        }
    }

    @Test
    void aSlotRetainingTooMuchWalIsClearedByReadingItRaisingTheLimitOrDroppingItAsPrinted() throws SQLException {
        Target t = Target.create(ServerSpec.plain(17));
        String slot = t.migrateAndCreateSlot("retaining");
        t.writeWal();

        CliRun drift = t.run("verify", "--json", "--slot-wal-limit=1MB");
        assertEquals(Main.DRIFT, drift.exitCode(), drift.all());
        String fix = fix(drift, "SLOT_RETAINING_WAL");

        // "The limit is --slot-wal-limit."
        assertTrue(fix.contains("--slot-wal-limit"), fix);
        assertFixed(t.run("verify", "--json", "--slot-wal-limit=1GB"), "SLOT_RETAINING_WAL");
        // "Resume the ClickPipe that reads it": a reader that consumes and confirms the slot's changes.
        t.consume(slot);
        assertFixed(t.run("verify", "--json", "--slot-wal-limit=1MB"), "SLOT_RETAINING_WAL");
        // "if no pipe reads it any more: <drop>"
        t.writeWal();
        CliRun again = t.run("verify", "--json", "--slot-wal-limit=1MB");
        assertEquals(Main.DRIFT, again.exitCode(), again.all());
        String drop = fix(again, "SLOT_RETAINING_WAL");
        t.sql(statement(drop, "SELECT pg_catalog.pg_drop_replication_slot("));
        CliRun dropped = t.run("verify", "--json", "--slot-wal-limit=1MB");
        assertFixed(dropped, "SLOT_RETAINING_WAL");
        assertFalse(dropped.findingCodes().contains("SLOT_INACTIVE"), dropped.out());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"the pipe resumes", "the pipe was deleted"})
    void anInactiveSlotWarningGoesAwayWhenThePipeReadsItOrWhenItIsDroppedAsPrinted(String alternative)
            throws Exception {
        Target t = Target.create(ServerSpec.plain(17));
        String slot = t.migrateAndCreateSlot("inactive");

        CliRun paused = t.run("verify", "--json");
        assertEquals(Main.OK, paused.exitCode(), "an inactive slot is a warning:\n" + paused.all());
        assertEquals("WARNING", paused.finding("SLOT_INACTIVE").get("severity"));
        String fix = fix(paused, "SLOT_INACTIVE");

        if (alternative.equals("the pipe resumes")) {
            assumeTrue(Files.isExecutable(PG_RECVLOGICAL), "needs " + PG_RECVLOGICAL);
            Process stream = t.stream(t.user(), slot);
            try {
                t.awaitSlotActive(slot, true);
                assertFixed(t.run("verify", "--json"), "SLOT_INACTIVE");
            } finally {
                t.stop(stream, slot);
            }
            t.sql(dropSlot(slot));
        } else {
            t.sql(statement(fix, "SELECT pg_catalog.pg_drop_replication_slot("));
            assertFixed(t.run("verify", "--json"), "SLOT_INACTIVE");
        }
    }

    // --- SLOT_ACTIVE, SLOT_IN_USE (teardown) ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stop the consumer and delete its slot", "--ignore-slot"})
    void teardownRefusedByALiveStreamGoesAheadAfterEachFixItOffers(String alternative) throws Exception {
        assumeTrue(Files.isExecutable(PG_RECVLOGICAL), "needs " + PG_RECVLOGICAL);
        Target t = Target.create(ServerSpec.plain(17));
        String slot = slotName("active");
        String streamer = slotName("streamer");
        assertEquals(Main.OK, t.run("migrate").exitCode());
        t.sql("CREATE ROLE " + streamer + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'", createSlot(slot));
        Process stream = t.stream(streamer, slot);
        try {
            t.awaitSlotActive(slot, true);
            String fix = t.refusedTeardownFix("SLOT_ACTIVE");

            CliRun teardown;
            if (alternative.equals("--ignore-slot")) {
                teardown = t.teardown(ignoreSlot(fix));
            } else {
                assertTrue(fix.startsWith("Stop that consumer first"), fix);
                t.stop(stream, slot);
                t.sql(dropSlot(slot)); // what deleting a ClickPipe does to its slot
                teardown = t.teardown();
            }
            assertEquals(Main.OK, teardown.exitCode(), teardown.all());
            t.assertTornDown();
        } finally {
            t.stop(stream, slot);
            t.dropSlotIfExists(slot);
            t.sql("DROP ROLE " + streamer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"drop the slot as printed", "--ignore-slot"})
    void teardownRefusedByAnInactivePgoutputSlotGoesAheadAfterEachFixItOffers(String alternative)
            throws SQLException {
        Target t = Target.create(ServerSpec.plain(17));
        String slot = t.migrateAndCreateSlot("in_use");

        String fix = t.refusedTeardownFix("SLOT_IN_USE");

        CliRun teardown;
        if (alternative.equals("--ignore-slot")) {
            teardown = t.teardown(ignoreSlot(fix));
        } else {
            t.sql(statement(fix, "SELECT pg_catalog.pg_drop_replication_slot("));
            teardown = t.teardown();
        }
        assertEquals(Main.OK, teardown.exitCode(), teardown.all());
        t.assertTornDown();
        t.dropSlotIfExists(slot);
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    /** A database with {@code public.orders} and {@code public.items} (both keyed) and a unique clickpipes_user. */
    private record Target(TestServer server, String db, String user) {

        static Target create(ServerSpec spec) throws SQLException {
            return create(TestServers.get(spec));
        }

        static Target create(TestServer server) throws SQLException {
            Target target = new Target(server, server.createDatabase(), slotName("cp_fix"));
            target.sql("CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "CREATE TABLE public.items (id int PRIMARY KEY, name text)");
            return target;
        }

        CliRun run(String command, String... more) {
            return run(ENV, command, more);
        }

        CliRun run(Map<String, String> environment, String command, String... more) {
            CliRun result = CliRun.asSuperuser(environment, server.jdbcUrl(db), user, command, more);
            assertFalse(result.all().contains(PASSWORD), "the password must never be printed:\n" + result.all());
            return result;
        }

        /** teardown --yes --json, without a password: teardown needs none */
        CliRun teardown(String... more) {
            return run(Map.of(), "teardown", concat("--yes", concat("--json", more)));
        }

        /** @return the fix of teardown's refusal {@code code}, after asserting the refusal */
        String refusedTeardownFix(String code) {
            CliRun refused = teardown();
            assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
            return fix(refused, code);
        }

        void dropSlotIfExists(String slot) throws SQLException {
            sql("SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots"
                    + " WHERE slot_name OPERATOR(pg_catalog.=) '" + slot + "'");
        }

        void sql(String... statements) throws SQLException {
            try (Connection connection = server.superuser(db)) {
                Sql.execute(connection, statements);
            }
        }

        /** @return a new pgoutput slot, inactive, after a migrate */
        String migrateAndCreateSlot(String prefix) throws SQLException {
            assertEquals(Main.OK, run("migrate").exitCode());
            String slot = slotName(prefix);
            sql(createSlot(slot));
            return slot;
        }

        /** A few MB of WAL in this database. */
        void writeWal() throws SQLException {
            sql(FILLER,
                    "INSERT INTO public.filler (pad) SELECT pg_catalog.repeat('x', 200)"
                            + " FROM pg_catalog.generate_series(1, 20000)");
        }

        /**
         * Reads and confirms the slot's changes as a pgoutput client does; a checkpoint logs the running transactions
         * the slot needs to move its restart point past the WAL it read.
         */
        void consume(String slot) throws SQLException {
            for (int round = 0; round < 3; round++) {
                sql("CHECKPOINT", "SELECT pg_catalog.count(*) FROM pg_catalog.pg_logical_slot_get_binary_changes('"
                        + slot + "', NULL, NULL, 'proto_version', '1', 'publication_names', 'clickpipes_publication')");
            }
        }

        /** Makes the server remove WAL the slot needs (max_slot_wal_keep_size is small), until it is lost. */
        void loseWal(String slot) throws SQLException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            try (Connection connection = server.superuser(db)) {
                while (!"lost".equals(Sql.text(connection, "SELECT wal_status FROM pg_catalog.pg_replication_slots"
                        + " WHERE slot_name OPERATOR(pg_catalog.=) ?", slot))) {
                    assertTrue(Instant.now().isBefore(deadline), "slot " + slot + " did not lose its WAL");
                    Sql.execute(connection, FILLER, "INSERT INTO public.filler (pad) VALUES ('x')",
                            "SELECT pg_catalog.pg_switch_wal()", "CHECKPOINT");
                }
            }
        }

        /** pg_recvlogical streaming the slot with the bundle's publication, as {@code role}. */
        Process stream(String role, String slot) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(PG_RECVLOGICAL.toString(), "-h", server.host(), "-p",
                    String.valueOf(server.port()), "-U", role, "-d", db, "--slot=" + slot, "--start", "--no-loop",
                    "-f", "-", "-o", "proto_version=1", "-o", "publication_names=clickpipes_publication")
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD);
            builder.environment().put("PGPASSWORD", PASSWORD);
            return builder.start();
        }

        void stop(Process stream, String slot) throws Exception {
            if (stream.isAlive()) {
                stream.destroy();
                if (!stream.waitFor(10, TimeUnit.SECONDS)) {
                    stream.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                awaitSlotActive(slot, false);
            }
        }

        void awaitSlotActive(String slot, boolean active) throws SQLException, InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            try (Connection connection = server.superuser(db)) {
                while (Sql.column(connection, "SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name"
                        + " OPERATOR(pg_catalog.=) ? AND active OPERATOR(pg_catalog.=) ?", slot, active).isEmpty()) {
                    assertTrue(Instant.now().isBefore(deadline), "slot " + slot + " did not become "
                            + (active ? "active" : "inactive"));
                    Thread.sleep(100);
                }
            }
        }

        void assertPublicationIsForAllTables() throws SQLException {
            try (Connection connection = server.superuser(db)) {
                assertEquals("true", Sql.text(connection, "SELECT puballtables::text FROM pg_catalog.pg_publication"
                        + " WHERE pubname OPERATOR(pg_catalog.=) 'clickpipes_publication'"));
            }
        }

        void assertTornDown() throws SQLException {
            try (Connection connection = server.superuser(db)) {
                assertEquals(List.of(), Sql.column(connection, "SELECT rolname FROM pg_catalog.pg_roles"
                        + " WHERE rolname OPERATOR(pg_catalog.=) ?", user), "the role is dropped");
                assertEquals(List.of(), Sql.column(connection, "SELECT pubname FROM pg_catalog.pg_publication"),
                        "the publication is dropped");
            }
        }
    }

    /** @return the {@code --ignore-slot=…} option the fix prints */
    private static String ignoreSlot(String fix) {
        int from = fix.indexOf("--ignore-slot=");
        assertTrue(from >= 0, fix);
        return fix.substring(from, fix.indexOf('.', from));
    }

    /** @return the statements ({@code ;}-terminated) at the start of {@code fix}, before {@code stop} */
    private static List<String> statementsBefore(String fix, String stop) {
        String head = fix.substring(0, fix.indexOf(stop));
        assertTrue(head.endsWith(";"), fix);
        return List.of(head.substring(0, head.length() - 1).split("; "));
    }

    private static String slotName(String prefix) {
        return uniqueName(prefix);
    }

    private static String createSlot(String slot) {
        return "SELECT pg_catalog.pg_create_logical_replication_slot('" + slot + "', 'pgoutput')";
    }

    private static String dropSlot(String slot) {
        return "SELECT pg_catalog.pg_drop_replication_slot('" + slot + "')";
    }
}
