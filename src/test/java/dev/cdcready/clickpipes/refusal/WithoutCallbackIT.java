package dev.cdcready.clickpipes.refusal;

import static dev.cdcready.clickpipes.refusal.Refusals.placeholders;
import static dev.cdcready.clickpipes.refusal.Refusals.publicationExists;
import static dev.cdcready.clickpipes.refusal.Refusals.roleExists;
import static dev.cdcready.clickpipes.refusal.Refusals.uniqueUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * A user who forgets the bundle's callback and configures plain Flyway with only the location, table and schema: the
 * SQL guard V1 and the guard inside every Java migration still refuse, and a good server still migrates.
 */
class WithoutCallbackIT {

    private static Flyway plainFlyway(DataSource dataSource, Map<String, String> placeholders) {
        return Flyway.configure(WithoutCallbackIT.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/clickpipes")
                .table("clickpipes_schema_history")
                .schemas("clickpipes_flyway")
                .placeholders(placeholders)
                .load();
    }

    @Test
    void postgres11FailsInTheSqlGuardAndNoRoleOrPublicationIsCreated() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(11));
        String db = server.createDatabase();
        String user = uniqueUser();
        Throwable thrown = assertThrows(Throwable.class,
                () -> plainFlyway(server.pinnedSuperuserDataSource(db), placeholders(user)).migrate());
        assertTrue(fullText(thrown).contains("12 or newer"), fullText(thrown));
        try (Connection connection = server.superuser(db)) {
            assertFalse(roleExists(connection, user));
            assertFalse(publicationExists(connection, "clickpipes_publication"));
        }
    }

    @Test
    void withoutLogicalReplicationTheSqlGuardFailsWithItsHintAndNoRoleIsCreated() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17).withoutLogicalReplication());
        String db = server.createDatabase();
        String user = uniqueUser();
        Throwable thrown = assertThrows(Throwable.class,
                () -> plainFlyway(server.pinnedSuperuserDataSource(db), placeholders(user)).migrate());
        // V1's hint is two adjacent literals (no || to resolve): the server joins them into one sentence.
        assertTrue(fullText(thrown).contains("wal_level is replica, and ClickPipes needs logical")
                && fullText(thrown).contains("reboot the writer; on PostgreSQL run ALTER SYSTEM SET wal_level"),
                fullText(thrown));
        try (Connection connection = server.superuser(db)) {
            assertFalse(roleExists(connection, user));
        }
    }

    @Test
    void auroraReaderFailsAndNothingIsCreated() throws SQLException {
        TestServer reader = TestServers.get(ServerSpec.aurora(17).asReader());
        String db = TestServer.READER_DATABASE;
        String user = uniqueUser();
        CatalogSnapshot before = CatalogSnapshot.take(reader, db);
        assertThrows(Throwable.class, () -> plainFlyway(reader.pinnedSuperuserDataSource(db), placeholders(user)).migrate());
        try (Connection connection = reader.superuser(db)) {
            assertFalse(roleExists(connection, user));
            assertEquals(before, CatalogSnapshot.take(connection));
        }
    }

    @Test
    void keylessTableUnderAllTablesFailsInTheJavaMigrationAndNoRoleOrPublicationIsCreated() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.audit_trail (at timestamptz, what text)");
        }
        String user = uniqueUser();
        Throwable thrown = assertThrows(Throwable.class, () -> plainFlyway(server.pinnedSuperuserDataSource(db),
                placeholders(user, "clickpipes_publication_scope", "all_tables")).migrate());
        PreCheckRefusedException refused = Refusals.inChain(thrown, PreCheckRefusedException.class);
        assertNotNull(refused, () -> "no PreCheckRefusedException in the chain of " + thrown);
        assertTrue(refused.report().errors().stream().anyMatch(f -> f.code().name().equals("KEYLESS_TABLES")),
                refused.report().render());
        try (Connection connection = server.superuser(db)) {
            assertFalse(roleExists(connection, user));
            assertFalse(publicationExists(connection, "clickpipes_publication"));
        }
    }

    @Test
    void goodServerMigratesWithoutTheCallback() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        }
        String user = uniqueUser();
        MigrateResult result = plainFlyway(server.pinnedSuperuserDataSource(db), placeholders(user)).migrate();
        assertTrue(result.success);
        assertTrue(result.migrationsExecuted > 0);
        try (Connection connection = server.superuser(db)) {
            assertTrue(roleExists(connection, user));
            assertTrue(publicationExists(connection, "clickpipes_publication"));
        }
        try (Connection login = server.login(db, user, Refusals.PASSWORD);
             Statement statement = login.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM public.orders").close();
        }
    }

    private static String fullText(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
