package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.Severity;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.StatementCounter;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import dev.cdcready.clickpipes.verify.DriftCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What ClickPipes would silently miss or fail on although every grant is in place: each finding appears in {@code
 * check} (a warning) and {@code verify} (drift) with the bad state, and its fix, run literally, makes it go away.
 */
class CdcReadinessIT {

    private static final String PASSWORD = "Readiness-secret-1";
    private static final long RETAINED_WAL_LIMIT = 10L << 30;

    @Test
    void rowSecurityThatHidesEveryRowIsReportedAndThePolicyFixShowsThemAll() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(15));
        String database = server.createDatabase();
        String user = Migrations.uniqueRole("rls");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        migrateWithRowSecurity(server, database, placeholders);

        Finding inCheck = finding(check(server, database, placeholders), "ROW_SECURITY_HIDES_ROWS").orElseThrow();
        assertEquals(Severity.WARNING, inCheck.severity());
        assertTrue(inCheck.message().contains("public.accounts"), inCheck.message());
        Finding inVerify = finding(verify(server, database, placeholders), "ROW_SECURITY_HIDES_ROWS").orElseThrow();
        assertEquals(Severity.ERROR, inVerify.severity(), "data ClickPipes would miss is drift");

        String fix = inVerify.remediation();
        String policy = fix.substring(fix.indexOf("CREATE POLICY"));
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, policy);
        }
        assertEquals(100, visibleRows(server, database, user), "after the fix (" + policy + ")");
        assertEquals(Optional.empty(), finding(check(server, database, placeholders), "ROW_SECURITY_HIDES_ROWS"));
        assertEquals(Optional.empty(), finding(verify(server, database, placeholders), "ROW_SECURITY_HIDES_ROWS"));
    }

    @Test
    void rowSecurityIsFixedByBypassRlsToo() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(15));
        String database = server.createDatabase();
        String user = Migrations.uniqueRole("rls");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        migrateWithRowSecurity(server, database, placeholders);
        String fix = finding(verify(server, database, placeholders), "ROW_SECURITY_HIDES_ROWS").orElseThrow()
                .remediation();
        String bypass = fix.substring(0, fix.indexOf(';') + 1);
        assertTrue(bypass.startsWith("ALTER ROLE "), fix);
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, bypass);
        }
        assertEquals(100, visibleRows(server, database, user), "after " + bypass);
        assertEquals(Optional.empty(), finding(verify(server, database, placeholders), "ROW_SECURITY_HIDES_ROWS"));
        assertEquals(Optional.empty(), finding(verify(server, database, placeholders), "ROLE_EXCESS_RIGHTS"),
                "BYPASSRLS is one of the documented rights");
    }

    @Test
    void aRowFilterAndAColumnListAreRepairedByMigrateAndReportedAsDriftWhenSetLater() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(15));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE TABLE public.orders (id int PRIMARY KEY, note text, secret text)",
                    "CREATE PUBLICATION clickpipes_publication FOR TABLE public.orders (id, note) WHERE (id < 0)");
        }
        String user = Migrations.uniqueRole("filter");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD,
                "clickpipes_publication_scope", "tables", "clickpipes_tables", "public.orders");
        Migrations.migrate(server, database, placeholders);
        // The adopted publication's filter and column list are gone: migrate publishes whole rows (ConvergeIT).
        try (Connection admin = server.superuser(database)) {
            assertEquals("true", unfiltered(admin));
            Sql.execute(admin, "ALTER PUBLICATION clickpipes_publication SET TABLE public.orders (id, note) "
                    + "WHERE (id < 0)");
        }

        Finding found = finding(verify(server, database, placeholders), "PUBLICATION_FILTERED").orElseThrow();
        assertEquals(Severity.ERROR, found.severity());
        assertTrue(found.message().contains("public.orders (row filter) (column list)"), found.message());
        assertTrue(finding(check(server, database, placeholders), "PUBLICATION_FILTERED").isPresent());
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, found.remediation());
            assertEquals("true", unfiltered(admin));
        }
        assertEquals(Optional.empty(), finding(verify(server, database, placeholders), "PUBLICATION_FILTERED"));
    }

    private static String unfiltered(Connection admin) throws SQLException {
        return Sql.text(admin, "SELECT (prqual IS NULL AND prattrs IS NULL)::text"
                + " FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid"
                + " WHERE p.pubname = 'clickpipes_publication'");
    }

    @Test
    void aForAllTablesPublicationHoldingASchemaClickpipesUserCannotReadIsReportedUntilTheSchemaIsConfigured()
            throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(15));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE TABLE public.orders (id int PRIMARY KEY)", "CREATE SCHEMA hr",
                    "CREATE TABLE hr.salaries (id int PRIMARY KEY, amount numeric)");
        }
        String user = Migrations.uniqueRole("unreadable");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);

        Finding found = finding(verify(server, database, placeholders), "PUBLISHED_NOT_READABLE").orElseThrow();
        assertEquals(Severity.ERROR, found.severity());
        assertTrue(found.message().contains("hr.salaries"), found.message());
        assertFalse(found.message().contains("clickpipes_schema_history"), "the bundle's history table is readable");
        assertTrue(finding(check(server, database, placeholders), "PUBLISHED_NOT_READABLE").isPresent());
        Finding probe = finding(verify(server, database, placeholders), "VALIDATION_PROBE_FAILED").orElseThrow();
        assertTrue(probe.message().contains("hr.salaries (permission denied for schema hr)"), probe.message());

        Map<String, String> withHr = Migrations.placeholders(user, PASSWORD, "clickpipes_schemas", "public,hr");
        // Once hr is configured, its tables are the schema-access step's to grant: check does not tell the user to add
        // hr to clickpipes_schemas, where it already is.
        List<Finding> before = check(server, database, withHr);
        assertEquals(Optional.empty(), finding(before, "PUBLISHED_NOT_READABLE"), before.toString());
        Migrations.migrate(server, database, withHr);
        List<Finding> after = verify(server, database, withHr);
        assertEquals(Optional.empty(), finding(after, "PUBLISHED_NOT_READABLE"), after.toString());
        assertEquals(Optional.empty(), finding(after, "VALIDATION_PROBE_FAILED"), after.toString());
        assertTrue(after.stream().noneMatch(f -> f.code().name().startsWith("REPLICATION_LOGIN")), "the probe logged in");
    }

    @Test
    void anUnboundedOrSmallSlotWalLimitIsReportedAndTheFixRunLiterallyClearsIt() throws SQLException {
        try (TestServer server = TestServers.startPrivate(ServerSpec.plain(15)
                .with("max_slot_wal_keep_size", ServerSpec.SERVER_DEFAULT))) {
            String database = server.createDatabase();
            String user = Migrations.uniqueRole("walkeep");
            Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
            assertTrue(finding(check(server, database, placeholders), "WAL_KEEP_UNBOUNDED").isPresent(),
                    "PostgreSQL's default -1");
            try (Connection admin = server.superuser(database)) {
                Sql.execute(admin, "ALTER SYSTEM SET max_slot_wal_keep_size = '1GB'", "SELECT pg_reload_conf()");
            }
            Finding small = finding(check(server, database, placeholders), "WAL_KEEP_TOO_SMALL").orElseThrow();
            assertEquals(Severity.WARNING, small.severity());
            assertTrue(small.message().contains("1024 MB"), small.message());
            try (Connection admin = server.superuser(database)) {
                // As psql runs them: one statement at a time (ALTER SYSTEM refuses a transaction block).
                Sql.execute(admin, small.remediation().split("; "));
            }
            List<Finding> after = check(server, database, placeholders);
            assertEquals(Optional.empty(), finding(after, "WAL_KEEP_TOO_SMALL"), after.toString());
            assertEquals(Optional.empty(), finding(after, "WAL_KEEP_UNBOUNDED"), after.toString());
        }
    }

    @Test
    void aPartitionedTableWithoutAKeyIsReportedAndReplicaIdentityFullClearsIt() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(15));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE TABLE public.events (id int, at date) PARTITION BY RANGE (at)",
                    "CREATE TABLE public.events_2026 PARTITION OF public.events"
                            + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                    "ALTER TABLE public.events_2026 ADD PRIMARY KEY (id)");
        }
        String user = Migrations.uniqueRole("parts");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);

        Finding found = finding(verify(server, database, placeholders), "PARTITIONED_WITHOUT_KEY").orElseThrow();
        assertEquals(Severity.ERROR, found.severity());
        assertTrue(found.message().contains("public.events:") || found.message().contains("public.events."),
                found.message());
        assertTrue(finding(check(server, database, placeholders), "PARTITIONED_WITHOUT_KEY").isPresent());
        String fix = found.remediation();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, fix.substring(0, fix.indexOf(';') + 1));
        }
        assertEquals(Optional.empty(), finding(verify(server, database, placeholders), "PARTITIONED_WITHOUT_KEY"));
    }

    @Test
    void replicaIdentityNothingIsReportedEvenWithAPrimaryKeyAndItsFixRestoresTheKey() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(15));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE TABLE public.orders (id int PRIMARY KEY)");
        }
        String user = Migrations.uniqueRole("nothing");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "ALTER TABLE public.orders REPLICA IDENTITY NOTHING");
        }
        Finding found = finding(verify(server, database, placeholders), "REPLICA_IDENTITY_NOTHING").orElseThrow();
        assertEquals("ALTER TABLE public.orders REPLICA IDENTITY DEFAULT;", found.remediation());
        assertTrue(finding(check(server, database, placeholders), "REPLICA_IDENTITY_NOTHING").isPresent());
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, found.remediation());
        }
        List<Finding> after = verify(server, database, placeholders);
        assertEquals(Optional.empty(), finding(after, "REPLICA_IDENTITY_NOTHING"), after.toString());
        assertEquals(Optional.empty(), finding(after, "KEYLESS_TABLES_PUBLISHED"), after.toString());
    }

    @Test
    void onTheAuroraSurfaceASmallSlotWalLimitNamesTheParameterGroupFix() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(15).with("max_slot_wal_keep_size", "1GB"));
        String database = server.createDatabase();
        Map<String, String> placeholders = Migrations.placeholders(Migrations.uniqueRole("aurora"), PASSWORD);
        Finding small = finding(check(server, database, placeholders), "WAL_KEEP_TOO_SMALL").orElseThrow();
        assertTrue(small.remediation().contains("max_slot_wal_keep_size = 204800")
                && small.remediation().contains("parameter group"), small.remediation());
    }

    @Test
    void tooFewWalSendersForClickPipesValidationAreReportedAndTheFixClearsThem() throws SQLException {
        try (TestServer server = TestServers.startPrivate(ServerSpec.plain(15)
                .with("max_wal_senders", ServerSpec.SERVER_DEFAULT))) {
            String database = server.createDatabase();
            Map<String, String> placeholders = Migrations.placeholders(Migrations.uniqueRole("senders"), PASSWORD);
            try (Connection admin = server.superuser(database)) {
                Sql.execute(admin, "ALTER SYSTEM SET max_wal_senders = 1");
            }
            server.restart();
            Finding found = finding(check(server, database, placeholders), "MAX_WAL_SENDERS_TOO_LOW").orElseThrow();
            assertTrue(found.message().contains("max_wal_senders is 1"), found.message());
            String fix = found.remediation();
            try (Connection admin = server.superuser(database)) {
                Sql.execute(admin, fix.substring(0, fix.indexOf(';')));
            }
            server.restart();
            assertEquals(Optional.empty(), finding(check(server, database, placeholders), "MAX_WAL_SENDERS_TOO_LOW"));
        }
    }

    /** public.accounts, 100 rows, row-level security on and no policy: clickpipes_user sees none of them. */
    private static void migrateWithRowSecurity(TestServer server, String database, Map<String, String> placeholders)
            throws SQLException {
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE TABLE public.accounts (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.accounts SELECT g, 'row ' || g FROM generate_series(1, 100) g",
                    "ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY");
        }
        Migrations.migrate(server, database, placeholders);
        assertEquals(0, visibleRows(server, database, placeholders.get(Placeholders.USER)),
                "row-level security hides every row today");
    }

    @Test
    void verifySendsAsManyStatementsForFortyTablesAsForTwo() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(15));
        String database = server.createDatabase();
        String user = Migrations.uniqueRole("count");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE TABLE public.t0 (id int PRIMARY KEY)",
                    "CREATE TABLE public.t1 (id int PRIMARY KEY)");
        }
        Migrations.migrate(server, database, placeholders);
        long few = verifyStatements(server, database, placeholders);
        try (Connection admin = server.superuser(database)) {
            for (int i = 2; i < 40; i++) {
                // Each table brings what the checks look for: row security, no key, NOTHING, no privilege.
                Sql.execute(admin, "CREATE TABLE public.t" + i + " (id int)",
                        "ALTER TABLE public.t" + i + " ENABLE ROW LEVEL SECURITY",
                        "ALTER TABLE public.t" + i + " REPLICA IDENTITY NOTHING",
                        "REVOKE ALL ON public.t" + i + " FROM " + user);
            }
        }
        assertEquals(few, verifyStatements(server, database, placeholders), "one query per check, whatever the tables");
    }

    private static long verifyStatements(TestServer server, String database, Map<String, String> placeholders)
            throws SQLException {
        StatementCounter counter = new StatementCounter();
        try (Connection connection = counter.wrap(server.pinnedSuperuserDataSource(database)).getConnection()) {
            DriftCheck.run(connection, server.jdbcUrl(database), settings(placeholders), RETAINED_WAL_LIMIT);
        }
        return counter.takeCount();
    }

    private static int visibleRows(TestServer server, String database, String user) throws SQLException {
        try (Connection login = server.login(database, user, PASSWORD)) {
            return Integer.parseInt(Sql.text(login, "SELECT count(*)::text FROM public.accounts"));
        }
    }

    private static List<Finding> check(TestServer server, String database, Map<String, String> placeholders)
            throws SQLException {
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            return PreCheck.run(connection, settings(placeholders), server.jdbcUrl(database), false).findings();
        }
    }

    private static List<Finding> verify(TestServer server, String database, Map<String, String> placeholders)
            throws SQLException {
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            return DriftCheck.run(connection, server.jdbcUrl(database), settings(placeholders), RETAINED_WAL_LIMIT);
        }
    }

    private static ClickPipesSettings settings(Map<String, String> placeholders) {
        return SettingsReader.read(placeholders, Map.of());
    }

    private static Optional<Finding> finding(List<Finding> findings, String code) {
        return findings.stream().filter(f -> f.code().name().equals(code)).findFirst();
    }
}
