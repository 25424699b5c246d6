package dev.cdcready.clickpipes.refusal;

import static dev.cdcready.clickpipes.refusal.Refusals.assertUnchanged;
import static dev.cdcready.clickpipes.refusal.Refusals.placeholders;
import static dev.cdcready.clickpipes.refusal.Refusals.publicationExists;
import static dev.cdcready.clickpipes.refusal.Refusals.refusedWith;
import static dev.cdcready.clickpipes.refusal.Refusals.roleExists;
import static dev.cdcready.clickpipes.refusal.Refusals.uniqueUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Every pre-check refusal through ClickPipesFlyway (callback registered) names its code and fix and writes nothing. */
class PreCheckRefusalIT {

    @Test
    void postgres11IsRefusedAsVersionUnsupportedAndNothingIsWritten() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(11));
        String db = server.createDatabase();
        Finding finding = refusesAndWritesNothing(server, db, server.superuserDataSource(db),
                placeholders(uniqueUser()), "VERSION_UNSUPPORTED");
        assertTrue(finding.remediation().contains("12"), finding.remediation());
    }

    @Test
    void auroraReaderIsRefusedAsNotWriterBeforeFlywayCreatesItsSchema() throws SQLException {
        TestServer reader = TestServers.get(ServerSpec.aurora(17).asReader());
        String db = TestServer.READER_DATABASE;
        Finding finding = refusesAndWritesNothing(reader, db, reader.superuserDataSource(db),
                placeholders(uniqueUser()), "NOT_WRITER");
        assertTrue(finding.remediation().contains("writer endpoint"), finding.remediation());
        try (Connection connection = reader.superuser(db)) {
            assertFalse(CatalogSnapshot.take(connection).historySchemaExists());
        }
    }

    @Test
    void plainReaderIsRefusedAsNotWriter() throws SQLException {
        TestServer reader = TestServers.get(ServerSpec.plain(16).asReader());
        String db = TestServer.READER_DATABASE;
        Finding finding = refusesAndWritesNothing(reader, db, reader.superuserDataSource(db),
                placeholders(uniqueUser()), "NOT_WRITER");
        assertTrue(finding.message().contains("pg_is_in_recovery"), finding.message());
    }

    @Test
    void plainServerWithoutLogicalReplicationIsRefusedWithAlterSystemFix() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17).withoutLogicalReplication());
        String db = server.createDatabase();
        Finding finding = refusesAndWritesNothing(server, db, server.superuserDataSource(db),
                placeholders(uniqueUser()), "LOGICAL_REPLICATION_OFF");
        assertTrue(finding.remediation().contains("wal_level = logical"), finding.remediation());
    }

    @Test
    void auroraWithoutLogicalReplicationIsRefusedWithParameterGroupFix() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(17).withoutLogicalReplication());
        String db = server.createDatabase();
        Finding finding = refusesAndWritesNothing(server, db, server.superuserDataSource(db),
                placeholders(uniqueUser()), "LOGICAL_REPLICATION_OFF");
        assertTrue(finding.remediation().contains("rds.logical_replication"), finding.remediation());
    }

    @Test
    void keylessTableUnderAllTablesIsRefusedAndMigratesOnceItHasReplicaIdentityFull() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        execute(server, db, "CREATE TABLE public.event_log (at timestamptz, what text)");
        String user = uniqueUser();
        Map<String, String> placeholders = placeholders(user, "clickpipes_publication_scope", "all_tables");

        Finding finding = refusesAndWritesNothing(server, db, server.superuserDataSource(db), placeholders,
                "KEYLESS_TABLES");
        assertTrue(finding.message().contains("event_log"), finding.message());
        assertTrue(finding.remediation().contains("REPLICA IDENTITY FULL"), finding.remediation());

        execute(server, db, "ALTER TABLE public.event_log REPLICA IDENTITY FULL");
        ClickPipesFlyway.flyway(server.superuserDataSource(db), placeholders).migrate();
        try (Connection connection = server.superuser(db)) {
            assertTrue(roleExists(connection, user));
            assertTrue(publicationExists(connection, "clickpipes_publication"));
        }
        try (Connection login = server.login(db, user, Refusals.PASSWORD);
             Statement statement = login.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM public.event_log").close();
        }
    }

    @Test
    void missingSchemaIsRefusedAsSchemaMissing() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        Finding finding = refusesAndWritesNothing(server, db, server.superuserDataSource(db),
                placeholders(uniqueUser(), "clickpipes_schemas", "public,no_such_schema",
                        "clickpipes_publication_scope", "schemas"), "SCHEMA_MISSING");
        assertTrue(finding.message().contains("no_such_schema"), finding.message());
    }

    @Test
    void clickpipesUserThatIsTheMigratingRoleIsRefusedAsNotCdcShaped() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        String admin = "setup_admin_" + uniqueUser();
        String adminPassword = "Setup-admin-pw-1";
        execute(server, db, "CREATE ROLE " + admin + " LOGIN SUPERUSER PASSWORD '" + adminPassword + "'");
        Finding finding = refusesAndWritesNothing(server, db, dataSource(server, db, admin, adminPassword),
                placeholders(admin), "ROLE_NOT_CDC_SHAPED");
        assertTrue(finding.message().contains(admin), finding.message());
        assertTrue(finding.message().contains("is the migrating role itself")
                && finding.message().contains("attribute SUPERUSER"), finding.message());
    }

    @Test
    void migratorThatIsNotMemberOfTheTableOwnerIsRefusedWithTheGrantThatFixesIt() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        String migrator = "migrator_" + uniqueUser();
        String migratorPassword = "Migrator-pw-1";
        execute(server, db,
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_owner') THEN"
                        + " CREATE ROLE app_owner NOLOGIN; END IF; END $$",
                "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                "ALTER TABLE public.orders OWNER TO app_owner",
                "CREATE ROLE " + migrator + " LOGIN CREATEROLE PASSWORD '" + migratorPassword + "'");
        DataSource asMigrator = dataSource(server, db, migrator, migratorPassword);
        try (Connection check = asMigrator.getConnection()) {
            assertEquals(migrator, check.getMetaData().getUserName());
        }

        Finding finding = refusesAndWritesNothing(server, db, asMigrator, placeholders(uniqueUser()),
                "NOT_MEMBER_OF_OWNER");
        assertTrue(finding.remediation().contains("GRANT \"app_owner\" TO "), finding.remediation());
        assertTrue(finding.remediation().contains(migrator), finding.remediation());
    }

    @Test
    void clickpipesUserWithAQuoteIsAnInvalidSettingAndNothingIsWritten() throws SQLException {
        invalidSettingWritesNothing("clickpipes_user", Map.of("clickpipes_user", "bad\"name"));
    }

    @Test
    void clickpipesUserWithANewlineIsAnInvalidSettingAndNothingIsWritten() throws SQLException {
        invalidSettingWritesNothing("clickpipes_user", Map.of("clickpipes_user", "bad\nname"));
    }

    @Test
    void unknownPublicationScopeIsAnInvalidSettingAndNothingIsWritten() throws SQLException {
        invalidSettingWritesNothing("clickpipes_publication_scope", Map.of("clickpipes_publication_scope", "everything"));
    }

    private static void invalidSettingWritesNothing(String setting, Map<String, String> bad) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        Map<String, String> placeholders = placeholders(uniqueUser());
        placeholders.putAll(bad);
        CatalogSnapshot before = CatalogSnapshot.take(server, db);
        Throwable thrown = assertThrows(Throwable.class,
                () -> ClickPipesFlyway.flyway(server.superuserDataSource(db), placeholders).migrate());
        InvalidSettingException invalid = Refusals.inChain(thrown, InvalidSettingException.class);
        assertNotNull(invalid, () -> "no InvalidSettingException in the chain of " + thrown);
        assertEquals(setting, invalid.setting());
        assertTrue(invalid.getMessage().contains(setting), invalid.getMessage());
        assertFalse(invalid.getMessage().contains("\n"), "the message must not carry the raw newline");
        assertUnchanged(before, CatalogSnapshot.take(server, db));
    }

    private static Finding refusesAndWritesNothing(TestServer server, String db, DataSource dataSource,
                                                   Map<String, String> placeholders, String code) throws SQLException {
        CatalogSnapshot before = CatalogSnapshot.take(server, db);
        assertFalse(before.historySchemaExists(), "the database must start without the bundle");
        Finding finding = refusedWith(code,
                () -> ClickPipesFlyway.flyway(dataSource, placeholders).migrate());
        assertUnchanged(before, CatalogSnapshot.take(server, db));
        return finding;
    }

    /** A data source that logs in as that role with its password, over TCP. */
    private static DataSource dataSource(TestServer server, String db, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl(db));
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    private static void execute(TestServer server, String db, String... sql) throws SQLException {
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }
}
