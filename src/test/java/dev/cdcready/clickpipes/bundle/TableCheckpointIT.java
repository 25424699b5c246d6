package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import db.clickpipes.ClickPipesCallback;
import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.migration.MigrationGuard;
import dev.cdcready.clickpipes.testsupport.PostgresVersions;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.StatementCounter;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import dev.cdcready.clickpipes.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A migrate with nothing pending reads only the tables whose catalog rows changed since migrate last verified every
 * table (the checkpoint on the history table), and still finds everything a full read would: a REVOKE (a new row
 * version), a configured name that now resolves to another schema and a role membership taken away (neither touches
 * the tables' rows: the fingerprint), and a record nobody but migrate may have written — edited by hand, or forged by a
 * role that got the history table — is ignored.
 */
class TableCheckpointIT {

    private static final String PASSWORD = "Checkpoint-secret-1";
    private static final String HISTORY = "clickpipes_flyway.clickpipes_schema_history";
    /** Only the checkpoint's query filters the tables by the transaction that wrote their row. */
    private static final String CHANGED_ROWS_ONLY = "pg_catalog.age(c.xmin)";
    /** Only a query that reads what the checkpoint records computes the fingerprint. */
    private static final String FINGERPRINT = "fingerprint AS (";
    /** The pass over the tables, full or since the checkpoint. */
    private static final String TABLE_PASS = "GROUP BY t.relowner, t.relacl";

    static List<Integer> majors() {
        return PostgresVersions.supportedMajors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void nothingPendingReadsOnlyChangedRowsAndStillRepairsARevoke(int major) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String database = databaseWithTables(server);
        String user = Migrations.uniqueRole("ckpt");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);
        try (Connection connection = server.superuser(database)) {
            assertTrue(comment(connection).contains("[clickpipes-checkpoint v1 horizon="), comment(connection));
        }

        StatementCounter counter = new StatementCounter();
        Flyway flyway = ClickPipesFlyway.flyway(counter.wrap(server.superuserDataSource(database)), placeholders);
        assertEquals(0, flyway.migrate().migrationsExecuted);
        assertEquals(1, counter.sentContaining(TABLE_PASS), "one pass over the tables");
        assertEquals(1, counter.sentContaining(CHANGED_ROWS_ONLY), "…over the rows written since the checkpoint");
        String verified = MigrationGuard.bundleCallback(flyway.getConfiguration(), ClickPipesCallback.class)
                .orElseThrow().lastMigrate().verified().orElseThrow();
        assertTrue(verified.contains("the tables were read where their catalog rows changed since migrate verified "
                + "all of them at "), verified);

        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "REVOKE SELECT ON public.items FROM " + user);
        }
        assertRepaired(server, database, placeholders, user, "public.items");
    }

    /**
     * A transaction that began before migrate's grants is still open when migrate verifies (an ANALYZE, a batch job):
     * the checkpoint is written all the same, with that transaction's horizon, so the next start reads the rows
     * migrate's grants wrote as well — and still finds a REVOKE.
     */
    @Test
    void aCheckpointIsWrittenWhileAnOlderTransactionIsOpenAndStartsFromIt() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithTables(server);
        String user = Migrations.uniqueRole("older");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        long older;
        try (Connection transaction = server.superuser(database)) {
            transaction.setAutoCommit(false);
            older = Long.parseLong(Sql.text(transaction, "SELECT txid_current()::text"));
            Migrations.migrate(server, database, placeholders);
            transaction.commit();
        }
        try (Connection connection = server.superuser(database)) {
            long horizon = horizon(comment(connection));
            assertTrue(horizon <= older, "the horizon " + horizon + " is not after the transaction left open, " + older);
        }
        StatementCounter counter = new StatementCounter();
        assertEquals(0, ClickPipesFlyway.flyway(counter.wrap(server.superuserDataSource(database)), placeholders)
                .migrate().migrationsExecuted);
        assertEquals(1, counter.sentContaining(TABLE_PASS));
        assertEquals(1, counter.sentContaining(CHANGED_ROWS_ONLY), "only the rows written since that transaction");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "REVOKE SELECT ON public.items FROM " + user);
        }
        assertRepaired(server, database, placeholders, user, "public.items");
    }

    /**
     * {@code has_table_privilege} judges each group of tables (same owner and ACL) by one of them, as the catalog is
     * when it is asked, not as the verification's snapshot saw it. When that table's row changed after the
     * verification read it (here: a grant to another role), the record is not written.
     */
    @Test
    void noCheckpointIsWrittenWhenATableAGroupWasJudgedByChangedSince() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithTables(server);
        String user = Migrations.uniqueRole("judged");
        String other = Migrations.uniqueRole("other");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);
        try (Connection connection = server.superuser(database)) {
            String written = comment(connection);
            ClickPipesSettings settings = SettingsReader.read(placeholders, Map.of());
            Verifier.Verification verification = Verifier.run(connection, settings);
            Sql.execute(connection, "CREATE ROLE " + other,
                    "GRANT INSERT ON public.orders, public.items TO " + other);
            assertFalse(verification.checkpoint().orElseThrow().write(connection, "clickpipes_flyway",
                    "clickpipes_schema_history", settings));
            assertEquals(written, comment(connection), "the record migrate wrote is left as it was");
        }
    }

    /**
     * Only the verification that ends a migrate reads what a checkpoint records (the fingerprint asks
     * {@code pg_has_role} about every role of the cluster); {@code verify} and the drift checks do not.
     */
    @Test
    void onlyTheVerificationThatEndsAMigrateReadsTheFingerprint() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithTables(server);
        String user = Migrations.uniqueRole("fingerprint");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);
        ClickPipesSettings settings = SettingsReader.read(placeholders, Map.of());
        StatementCounter counter = new StatementCounter();
        try (Connection connection = counter.wrap(server.superuser(database))) {
            assertEquals(List.of(), Verifier.verify(connection, settings));
            assertEquals(0, counter.sentContaining(FINGERPRINT), "verify");
            assertTrue(Verifier.run(connection, settings).checkpoint().isPresent());
            assertEquals(1, counter.sentContaining(FINGERPRINT), "the verification that ends a migrate");
        }
    }

    /**
     * A configured name that resolves to another schema than when the checkpoint was written: the tables found there
     * have old rows and were never checked. Everything else — USAGE, default privileges for their owner — holds, so
     * only the fingerprint (the schemas' oids) makes migrate read them.
     */
    @Test
    void aConfiguredNameNowNamingAnotherSchemaIsReadInFull() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithTables(server);
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE SCHEMA app", "CREATE TABLE app.a (id int PRIMARY KEY)",
                    "CREATE SCHEMA other", "CREATE TABLE other.hidden (id int PRIMARY KEY)");
        }
        String user = Migrations.uniqueRole("swap");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD, "clickpipes_schemas", "app");
        Migrations.migrate(server, database, placeholders);
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "GRANT USAGE ON SCHEMA other TO " + user,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA other GRANT SELECT ON TABLES TO " + user,
                    "DROP SCHEMA app CASCADE", "ALTER SCHEMA other RENAME TO app");
            assertFalse(Sql.hasTablePrivilege(connection, user, "app.hidden", "SELECT"));
        }
        assertRepaired(server, database, placeholders, user, "app.hidden");
    }

    /**
     * A table readable only through a role clickpipes_user belonged to when the checkpoint was written: the membership
     * is taken away, the table's row does not change. (Migrate refuses to run a step for a role with such a membership —
     * rights beyond the documented set — so the checkpoint is written the way migrate's callback writes it, after a
     * verification that passed.)
     */
    @Test
    void aMembershipTakenAwayAfterTheCheckpointIsNoticed() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithTables(server);
        String user = Migrations.uniqueRole("member");
        String readers = Migrations.uniqueRole("readers");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE ROLE " + readers, "GRANT SELECT ON public.items TO " + readers,
                    "GRANT " + readers + " TO " + user, "REVOKE SELECT ON public.items FROM " + user);
            ClickPipesSettings settings = SettingsReader.read(placeholders, Map.of());
            Verifier.Verification verification = Verifier.run(connection, settings);
            assertEquals(List.of(), verification.findings(), "public.items is readable through the role");
            assertTrue(verification.checkpoint().orElseThrow().write(connection, "clickpipes_flyway",
                    "clickpipes_schema_history", settings));

            Sql.execute(connection, "REVOKE " + readers + " FROM " + user);
            assertFalse(Sql.hasTablePrivilege(connection, user, "public.items", "SELECT"));
        }
        assertRepaired(server, database, placeholders, user, "public.items");
    }

    /** The history table's owner edits the record by hand: it no longer names the transaction that wrote it. */
    @Test
    void aRecordEditedByHandIsIgnored() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithTables(server);
        String user = Migrations.uniqueRole("edited");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "REVOKE SELECT ON public.items FROM " + user);
            // The horizon moved past the REVOKE: a record taken as written would skip public.items.
            String edited = comment(connection).replaceFirst("horizon=\\d+",
                    "horizon=" + Sql.text(connection, "SELECT txid_current()::text"));
            Sql.execute(connection, "COMMENT ON TABLE " + HISTORY + " IS '" + edited + "'");
        }
        assertRepaired(server, database, placeholders, user, "public.items");
    }

    /**
     * A role given the history table (ALTER TABLE … OWNER TO) writes a record exactly as migrate does — in the
     * transaction it names, with the real fingerprint — whose horizon hides its own REVOKE. Only the migrating role or
     * a superuser may own the table a record counts on, and a record counts only on the table as it was when migrate
     * wrote it: whether that role still owns the table or it was given back to the superuser that owned it, migrate
     * reads every table and repairs the REVOKE.
     */
    @ParameterizedTest(name = "given back: {0}")
    @ValueSource(booleans = {false, true})
    void aRecordForgedByAnotherOwnerOfTheHistoryTableIsIgnored(boolean givenBack) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = databaseWithTables(server);
        String user = Migrations.uniqueRole("forged");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        forgeAsAnotherOwner(server, database, placeholders, user, givenBack);
        assertRepaired(server, database, placeholders, user, "public.mine");
    }

    private static void forgeAsAnotherOwner(TestServer server, String database, Map<String, String> placeholders,
                                            String user, boolean giveBack) throws SQLException {
        String mallory = Migrations.uniqueRole("mallory");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE ROLE " + mallory, "CREATE TABLE public.mine (id int PRIMARY KEY)",
                    "ALTER TABLE public.mine OWNER TO " + mallory);
        }
        Migrations.migrate(server, database, placeholders);
        try (Connection connection = server.superuser(database)) {
            String genuine = comment(connection);
            String owner = Sql.text(connection, "SELECT relowner::regrole::text FROM pg_class WHERE oid = '"
                    + HISTORY + "'::regclass");
            Sql.execute(connection, "ALTER TABLE " + HISTORY + " OWNER TO " + mallory,
                    "GRANT USAGE ON SCHEMA clickpipes_flyway TO " + mallory, "SET ROLE " + mallory,
                    "REVOKE SELECT ON public.mine FROM " + user);
            assertFalse(Sql.hasTablePrivilege(connection, user, "public.mine", "SELECT"));
            connection.setAutoCommit(false);
            String xid = Sql.text(connection, "SELECT txid_current()::text");
            String table = Sql.text(connection, "SELECT xmin::text FROM pg_class WHERE oid = '" + HISTORY
                    + "'::regclass");
            String forged = genuine.replaceFirst("horizon=\\d+", "horizon=" + xid)
                    .replaceFirst("written-by=\\d+", "written-by=" + xid)
                    .replaceFirst("table=\\d+", "table=" + table);
            Sql.execute(connection, "COMMENT ON TABLE " + HISTORY + " IS '" + forged + "'");
            connection.commit();
            connection.setAutoCommit(true);
            Sql.execute(connection, "RESET ROLE");
            if (giveBack) {
                Sql.execute(connection, "ALTER TABLE " + HISTORY + " OWNER TO " + owner,
                        "REVOKE USAGE ON SCHEMA clickpipes_flyway FROM " + mallory);
            }
            assertEquals(forged, comment(connection), "the forged record is in place");
        }
    }

    /** A nothing-pending migrate finds the drift, runs the schema-access step again, and the table is readable. */
    private static void assertRepaired(TestServer server, String database, Map<String, String> placeholders,
                                       String user, String table) throws SQLException {
        MigrateResult result = Migrations.migrate(server, database, placeholders);
        assertEquals(List.of("Grant schema access"), Migrations.descriptions(result), "the step ran to repair");
        try (Connection connection = server.superuser(database)) {
            assertTrue(Sql.hasTablePrivilege(connection, user, table, "SELECT"), table + " readable again");
        }
    }

    private static long horizon(String comment) {
        Matcher matcher = Pattern.compile("horizon=(\\d+) ").matcher(comment);
        assertTrue(matcher.find(), "a checkpoint: " + comment);
        return Long.parseLong(matcher.group(1));
    }

    private static String comment(Connection connection) throws SQLException {
        return Sql.text(connection, "SELECT coalesce(obj_description('" + HISTORY + "'::regclass, 'pg_class'), '')");
    }

    private static String databaseWithTables(TestServer server) throws SQLException {
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.orders (id int PRIMARY KEY)",
                    "CREATE TABLE public.items (id int PRIMARY KEY)");
        }
        return database;
    }
}
