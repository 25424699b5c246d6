package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * The bundle meets what is already there: a hand-made setup, a publication of another scope, tables of other owners,
 * schemas and tables that appear later. Each test uses its own clickpipes_user, as roles are cluster-wide.
 */
class ExistingSetupIT {

    private static final int MAJOR = 16;
    private static final int TABLE_LIST_MAJOR = 12;
    private static final String PUBLICATION = "clickpipes_publication";
    private static final String PASSWORD = "Existing-setup-secret-1";

    @Test
    void manualGuideSetupIsAdoptedWithTheSamePublication() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(MAJOR));
        String database = databaseWithOrders(server);
        String user = Migrations.uniqueRole("manual");
        String publicationOid;
        try (Connection connection = server.superuser(database)) {
            // The ClickPipes manual guide for PostgreSQL, step by step.
            Sql.execute(connection,
                    "CREATE USER " + user + " PASSWORD '" + PASSWORD + "'",
                    "GRANT USAGE ON SCHEMA public TO " + user,
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + user,
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + user,
                    "ALTER ROLE " + user + " REPLICATION",
                    "CREATE PUBLICATION " + PUBLICATION + " FOR ALL TABLES");
            publicationOid = Sql.publicationOid(connection, PUBLICATION);
        }

        MigrateResult result = Migrations.migrate(server, database, Migrations.placeholders(user, PASSWORD));

        assertEquals(6, result.migrationsExecuted, () -> "executed: " + Migrations.descriptions(result));
        try (Connection connection = server.superuser(database)) {
            assertEquals(publicationOid, Sql.publicationOid(connection, PUBLICATION), "the publication was adopted");
            assertEquals("1", Sql.text(connection, "SELECT count(*)::text FROM pg_publication"));
            assertEquals("true", Sql.text(connection,
                    "SELECT puballtables::text FROM pg_publication WHERE pubname = ?", PUBLICATION));
            assertEquals("1", Sql.text(connection, "SELECT count(*)::text FROM pg_roles WHERE rolname = ?", user));
            assertTrue(Sql.canLoginWithReplication(connection, user));
            assertTrue(Sql.hasSchemaPrivilege(connection, user, "public", "USAGE"));
            assertTrue(Sql.hasTablePrivilege(connection, user, "public.orders", "SELECT"));
            assertTrue(Sql.defaultSelectFor(connection, user, "postgres", "public"));
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertEquals("first order", Sql.text(login, "SELECT note FROM public.orders WHERE id = 1"));
        }
    }

    @Test
    void publicationOfAnotherScopeIsRefusedWithTheDropFixAndNothingChanges() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(MAJOR));
        String database = databaseWithOrders(server);
        String user = Migrations.uniqueRole("conflict");
        String publicationOid;
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.other (id int PRIMARY KEY)",
                    "CREATE PUBLICATION " + PUBLICATION + " FOR TABLE public.orders");
            publicationOid = Sql.publicationOid(connection, PUBLICATION);
        }

        RuntimeException refused = assertThrows(RuntimeException.class, () -> Migrations.migrate(server, database,
                Migrations.placeholders(user, PASSWORD, Placeholders.PUBLICATION_SCOPE, "all_tables")));

        String message = Migrations.messages(refused);
        assertTrue(message.contains("PUBLICATION_SCOPE_CONFLICT"), message);
        assertTrue(message.contains("DROP PUBLICATION \"" + PUBLICATION + "\";"), message);
        try (Connection connection = server.superuser(database)) {
            assertFalse(Sql.roleExists(connection, user), "the role was not created");
            assertEquals(publicationOid, Sql.publicationOid(connection, PUBLICATION));
            assertEquals("false", Sql.text(connection,
                    "SELECT puballtables::text FROM pg_publication WHERE pubname = ?", PUBLICATION));
            assertEquals(List.of("public.orders"), Sql.publishedTables(connection, PUBLICATION));
            assertEquals("false", Sql.text(connection,
                    "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'clickpipes_flyway')::text"),
                    "not even the history schema was written");
        }
    }

    @Test
    void tableCreatedLaterByAnotherOwnerIsReadable() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(MAJOR));
        String database = databaseWithOrders(server);
        String user = Migrations.uniqueRole("owners");
        String owner = Migrations.uniqueRole("app_owner");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE ROLE " + owner + " NOLOGIN",
                    "GRANT CREATE ON SCHEMA public TO " + owner,
                    "SET ROLE " + owner,
                    "CREATE TABLE public.legacy (id int PRIMARY KEY)",
                    "RESET ROLE");
        }

        MigrateResult result = Migrations.migrate(server, database,
                Migrations.placeholders(user, PASSWORD, Placeholders.TABLE_OWNERS, "auto"));
        assertEquals(6, result.migrationsExecuted);

        try (Connection connection = server.superuser(database)) {
            assertTrue(Sql.defaultSelectFor(connection, user, owner, "public"),
                    "auto found " + owner + " as a table owner in public");
            assertTrue(Sql.hasTablePrivilege(connection, user, "public.legacy", "SELECT"));
            Sql.execute(connection, "SET ROLE " + owner,
                    "CREATE TABLE public.created_later (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.created_later VALUES (7, 'made by the app owner')",
                    "RESET ROLE");
            assertEquals(owner, Sql.text(connection,
                    "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'created_later'"));
            assertTrue(Sql.hasTablePrivilege(connection, user, "public.created_later", "SELECT"));
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertEquals("made by the app owner", Sql.text(login, "SELECT note FROM public.created_later"));
        }
    }

    @Test
    void schemaAddedToTheSettingsLaterIsGrantedOnTheNextMigrate() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(MAJOR));
        String database = databaseWithOrders(server);
        String user = Migrations.uniqueRole("schemas");
        Migrations.migrate(server, database, Migrations.placeholders(user, PASSWORD, Placeholders.SCHEMAS, "public"));
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE SCHEMA sales",
                    "CREATE TABLE sales.items (id int PRIMARY KEY, name text)",
                    "INSERT INTO sales.items VALUES (1, 'widget')");
            assertFalse(Sql.hasSchemaPrivilege(connection, user, "sales", "USAGE"));
            assertFalse(Sql.hasTablePrivilege(connection, user, "sales.items", "SELECT"));
        }

        MigrateResult again = Migrations.migrate(server, database,
                Migrations.placeholders(user, PASSWORD, Placeholders.SCHEMAS, "public,sales"));

        assertTrue(Migrations.descriptions(again).contains("Grant schema access"),
                () -> "executed: " + Migrations.descriptions(again));
        try (Connection connection = server.superuser(database)) {
            assertTrue(Sql.hasSchemaPrivilege(connection, user, "sales", "USAGE"));
            assertTrue(Sql.hasTablePrivilege(connection, user, "sales.items", "SELECT"));
            assertTrue(Sql.defaultSelectFor(connection, user, "postgres", "sales"));
            assertTrue(Sql.hasTablePrivilege(connection, user, "public.orders", "SELECT"));
        }
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertEquals("widget", Sql.text(login, "SELECT name FROM sales.items WHERE id = 1"));
        }
    }

    @Test
    void schemaScopeOnPostgres12ListsTablesAndAddsATableCreatedLater() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(TABLE_LIST_MAJOR));
        String database = databaseWithOrders(server);
        String user = Migrations.uniqueRole("list");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE SCHEMA elsewhere", "CREATE TABLE elsewhere.ignored (id int PRIMARY KEY)");
        }
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD,
                Placeholders.PUBLICATION_SCOPE, "schemas", Placeholders.SCHEMAS, "public");

        Migrations.migrate(server, database, placeholders);

        try (Connection connection = server.superuser(database)) {
            assertEquals("false", Sql.text(connection,
                    "SELECT puballtables::text FROM pg_publication WHERE pubname = ?", PUBLICATION));
            assertEquals(List.of("public.orders"), Sql.publishedTables(connection, PUBLICATION));
            Sql.execute(connection, "CREATE TABLE public.later (id int PRIMARY KEY)");
            assertEquals(List.of("public.orders"), Sql.publishedTables(connection, PUBLICATION),
                    "a table list does not grow by itself before PostgreSQL 15");
        }

        MigrateResult again = Migrations.migrate(server, database, placeholders);

        assertTrue(Migrations.descriptions(again).contains("Maintain publication"),
                () -> "executed: " + Migrations.descriptions(again));
        try (Connection connection = server.superuser(database)) {
            assertEquals(List.of("public.later", "public.orders"), Sql.publishedTables(connection, PUBLICATION));
        }
    }

    @Test
    void schemaScopeOnPostgres15AndNewerPublishesTheSchemaItself() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(MAJOR));
        String database = databaseWithOrders(server);
        String user = Migrations.uniqueRole("inschema");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE SCHEMA elsewhere", "CREATE TABLE elsewhere.ignored (id int PRIMARY KEY)");
        }

        Migrations.migrate(server, database, Migrations.placeholders(user, PASSWORD,
                Placeholders.PUBLICATION_SCOPE, "schemas", Placeholders.SCHEMAS, "public"));

        try (Connection connection = server.superuser(database)) {
            assertEquals(List.of("public"), Sql.column(connection, "SELECT n.nspname FROM pg_publication_namespace pn"
                    + " JOIN pg_publication p ON p.oid = pn.pnpubid JOIN pg_namespace n ON n.oid = pn.pnnspid"
                    + " WHERE p.pubname = ?", PUBLICATION));
            assertEquals("0", Sql.text(connection, "SELECT count(*)::text FROM pg_publication_rel pr"
                    + " JOIN pg_publication p ON p.oid = pr.prpubid WHERE p.pubname = ?", PUBLICATION));
            assertEquals(List.of("public.orders"), Sql.publishedTables(connection, PUBLICATION));
            Sql.execute(connection, "CREATE TABLE public.later (id int PRIMARY KEY)");
            assertEquals(List.of("public.later", "public.orders"), Sql.publishedTables(connection, PUBLICATION),
                    "TABLES IN SCHEMA covers a new table without another migrate");
        }
    }

    @Test
    void tableScopePublishesOnlyTheListedTables() throws SQLException {
        for (int major : List.of(TABLE_LIST_MAJOR, MAJOR)) {
            TestServer server = TestServers.get(ServerSpec.plain(major));
            String database = databaseWithOrders(server);
            String user = Migrations.uniqueRole("tables");
            try (Connection connection = server.superuser(database)) {
                Sql.execute(connection, "CREATE TABLE public.unlisted (id int PRIMARY KEY)");
            }

            Migrations.migrate(server, database, Migrations.placeholders(user, PASSWORD,
                    Placeholders.PUBLICATION_SCOPE, "tables", Placeholders.TABLES, "public.orders"));

            try (Connection connection = server.superuser(database)) {
                assertEquals(List.of("public.orders"), Sql.publishedTables(connection, PUBLICATION),
                        "PostgreSQL " + major);
                assertEquals("false", Sql.text(connection,
                        "SELECT puballtables::text FROM pg_publication WHERE pubname = ?", PUBLICATION));
            }
        }
    }

    private static String databaseWithOrders(TestServer server) throws SQLException {
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.orders VALUES (1, 'first order')");
        }
        return database;
    }
}
