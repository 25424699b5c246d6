package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Teardown against real PostgreSQL: a role shared by two databases is kept until the last one's teardown; privileges
 * another grantor gave are removed; a live pgoutput stream of another role (pg_recvlogical) refuses teardown until
 * the operator names its slot with --ignore-slot.
 */
class TeardownIT {

    private static final String PASSWORD = "Teardown-test-password-1";
    private static final Map<String, String> ENV = Map.of("CLICKPIPES_PASSWORD", PASSWORD);
    /** Debian's postgresql-client-15; it streams from servers 12 to 18. */
    private static final Path PG_RECVLOGICAL = Path.of("/usr/lib/postgresql/15/bin/pg_recvlogical");

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 17})
    void roleNeededByAnotherDatabaseIsKeptUntilTheLastDatabasesTeardown(int major) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String user = uniqueName("cp_td_shared");
        String first = database(server);
        String second = database(server);
        assertEquals(Main.OK, run(server, first, user, ENV, "migrate").exitCode());
        assertEquals(Main.OK, run(server, second, user, ENV, "migrate").exitCode());

        CliRun firstTeardown = run(server, first, user, Map.of(), "teardown", "--yes");
        assertEquals(Main.OK, firstTeardown.exitCode(), firstTeardown.all());
        assertTrue(firstTeardown.out().contains("ROLE_KEPT") && firstTeardown.out().contains(second),
                "says the role is kept and names the other database:\n" + firstTeardown.out());
        assertFalse(firstTeardown.out().contains("DROP ROLE"), firstTeardown.out());
        CatalogSnapshot firstAfter = CatalogSnapshot.take(server, first);
        assertTrue(firstAfter.roles().contains(user), "the role is kept");
        assertTrue(firstAfter.publications().isEmpty(), "this database's publication is gone");
        assertFalse(firstAfter.historySchemaExists(), "this database's history is gone");
        assertFalse(firstAfter.grants().stream().anyMatch(g -> g.contains(user)), firstAfter.grants().toString());
        assertEquals(0, count(server, first, "SELECT count(*) FROM pg_catalog.pg_default_acl d, "
                + "pg_catalog.aclexplode(d.defaclacl) a WHERE a.grantee = (SELECT oid FROM pg_catalog.pg_roles "
                + "WHERE rolname = ?)", user), "no default privileges for the role are left here");
        try (Connection login = server.login(second, user, PASSWORD)) {
            assertEquals(1, count(login, "SELECT count(*) FROM public.orders"),
                    "the kept role still logs in and reads the second database");
        }

        CliRun secondTeardown = run(server, second, user, Map.of(), "teardown", "--yes");
        assertEquals(Main.OK, secondTeardown.exitCode(), secondTeardown.all());
        assertTrue(secondTeardown.out().contains("DROP ROLE \"" + user + "\""), secondTeardown.out());
        assertFalse(CatalogSnapshot.take(server, second).roles().contains(user), "the last teardown drops it");
        assertThrows(SQLException.class, () -> server.login(second, user, PASSWORD).close());
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 17})
    void privilegesGrantedByAnotherGrantorAreRevokedAndTheRoleDropped(int major) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String user = uniqueName("cp_td_grantee");
        // Mixed case and a space: the grantor is a name found in the database, quoted by the server.
        String grantor = uniqueName("Cp td Grantor");
        String quoted = "\"" + grantor + "\"";
        String db = database(server);
        sql(server, db, "CREATE TABLE public.extra (id int PRIMARY KEY)");
        CatalogSnapshot pristine = CatalogSnapshot.take(server, db);
        assertEquals(Main.OK, run(server, db, user, ENV, "migrate").exitCode());
        sql(server, db, "CREATE ROLE " + quoted + " NOLOGIN",
                "GRANT SELECT, UPDATE ON public.extra TO " + quoted + " WITH GRANT OPTION",
                "GRANT USAGE ON SCHEMA public TO " + quoted + " WITH GRANT OPTION",
                "SET ROLE " + quoted,
                "GRANT SELECT, UPDATE ON public.extra TO " + user,
                "GRANT USAGE ON SCHEMA public TO " + user,
                "RESET ROLE");
        assertEquals(1, count(server, db, "SELECT count(*) FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a"
                + " WHERE c.oid = 'public.extra'::regclass AND a.privilege_type = 'UPDATE'"
                + " AND a.grantee = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ?)", user),
                "the other grantor's UPDATE is there before teardown");

        CliRun teardown = run(server, db, user, Map.of(), "teardown", "--yes");
        assertEquals(Main.OK, teardown.exitCode(), teardown.all());
        assertTrue(teardown.out().contains("SET ROLE " + quoted), teardown.out());
        CatalogSnapshot after = CatalogSnapshot.take(server, db);
        assertFalse(after.roles().contains(user), "the role is dropped");
        assertTrue(after.grants().contains("table extra to " + quoted + ": UPDATE"), after.grants().toString());
        sql(server, db, "DROP OWNED BY " + quoted, "DROP ROLE " + quoted);
        assertEquals(pristine, CatalogSnapshot.take(server, db), "back to the catalog before migrate");
    }

    @Test
    void masterUserOnAuroraIsRefusedAForeignGrantItCannotRevokeUntilItMayActAsTheGrantor() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(17));
        String user = uniqueName("cp_td_aurora");
        String grantor = uniqueName("cp_td_other");
        String master = uniqueName("cp_td_master");
        String db = database(server);
        // As on AWS: the master user is no superuser; it holds rds_superuser, CREATEROLE and CREATE, owns the tables.
        sql(server, db, "CREATE ROLE " + master + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "' IN ROLE rds_superuser",
                "GRANT CREATE ON DATABASE " + db + " TO " + master, "ALTER TABLE public.orders OWNER TO " + master,
                "GRANT USAGE ON SCHEMA public TO " + master + " WITH GRANT OPTION");
        Map<String, String> asMaster = Map.of("FLYWAY_PASSWORD", PASSWORD, "CLICKPIPES_PASSWORD", PASSWORD,
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_PUBLICATION_SCOPE", "tables",
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_TABLES", "public.orders");
        CliRun migrate = run(server, db, master, user, asMaster, "migrate");
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        sql(server, db, "CREATE ROLE " + grantor + " NOLOGIN",
                "GRANT UPDATE ON public.orders TO " + grantor + " WITH GRANT OPTION",
                "SET ROLE " + grantor, "GRANT UPDATE ON public.orders TO " + user, "RESET ROLE");
        CatalogSnapshot before = CatalogSnapshot.take(server, db);

        CliRun refused = run(server, db, master, user, asMaster, "teardown", "--yes", "--json");
        assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
        String fix = (String) refused.finding("FOREIGN_GRANTOR").get("fix");
        assertTrue(fix.contains("REVOKE ALL ON TABLE public.orders FROM \"" + user + "\"")
                && fix.contains("GRANT " + grantor + " TO " + master), fix);
        assertEquals(before, CatalogSnapshot.take(server, db), "a refused teardown changes nothing");

        sql(server, db, "GRANT " + grantor + " TO " + master);
        CliRun teardown = run(server, db, master, user, asMaster, "teardown", "--yes");
        assertEquals(Main.OK, teardown.exitCode(), teardown.all());
        CatalogSnapshot after = CatalogSnapshot.take(server, db);
        assertFalse(after.roles().contains(user), "the master user dropped the role");
        assertFalse(after.grants().stream().anyMatch(g -> g.contains(user)), after.grants().toString());
        sql(server, db, "REVOKE " + grantor + " FROM " + master, "DROP OWNED BY " + grantor, "DROP ROLE " + grantor,
                "DROP OWNED BY " + master, "DROP ROLE " + master);
    }

    @Test
    void liveStreamOfAnotherRoleRefusesTeardownUntilItsSlotIsNamed() throws Exception {
        assumeTrue(Files.isExecutable(PG_RECVLOGICAL), "needs " + PG_RECVLOGICAL + " (Debian postgresql-client-15)");
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String user = uniqueName("cp_td_live");
        String streamer = uniqueName("cp_td_streamer");
        String slot = uniqueName("cp_td_slot");
        String db = database(server);
        assertEquals(Main.OK, run(server, db, user, ENV, "migrate").exitCode());
        sql(server, db, "CREATE ROLE " + streamer + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'",
                "SELECT pg_catalog.pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        Process stream = startStream(server, db, streamer, slot);
        try {
            awaitSlotActive(server, db, slot, true);
            CatalogSnapshot streaming = CatalogSnapshot.take(server, db);

            CliRun refused = run(server, db, user, Map.of(), "teardown", "--yes", "--json");
            assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
            String message = (String) refused.finding("SLOT_ACTIVE").get("message");
            assertTrue(message.contains(slot) && message.contains(streamer), message);
            assertTrue(((String) refused.finding("SLOT_ACTIVE").get("fix")).contains("--ignore-slot=" + slot));
            assertEquals(streaming, CatalogSnapshot.take(server, db), "a refused teardown changes nothing");
            assertTrue(stream.isAlive(), "the stream is still alive");
            assertEquals(1, count(server, db, "SELECT count(*) FROM pg_catalog.pg_replication_slots "
                    + "WHERE slot_name = ? AND active", slot), "and still reading its slot");

            CliRun ignored = run(server, db, user, Map.of(), "teardown", "--yes", "--ignore-slot=" + slot);
            assertEquals(Main.OK, ignored.exitCode(), ignored.all());
            CatalogSnapshot after = CatalogSnapshot.take(server, db);
            assertFalse(after.roles().contains(user), "with --ignore-slot teardown goes ahead");
            assertTrue(after.publications().isEmpty(), after.publications().toString());
        } finally {
            stream.destroy();
            if (!stream.waitFor(10, TimeUnit.SECONDS)) {
                stream.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            awaitSlotActive(server, db, slot, false);
            sql(server, db, "SELECT pg_catalog.pg_drop_replication_slot('" + slot + "')", "DROP ROLE " + streamer);
        }
    }

    private static Process startStream(TestServer server, String db, String role, String slot) throws IOException {
        List<String> command = new ArrayList<>(List.of(PG_RECVLOGICAL.toString(), "-h", server.host(), "-p",
                String.valueOf(server.port()), "-U", role, "-d", db, "--slot=" + slot, "--start", "--no-loop",
                "-f", "-", "-o", "proto_version=1", "-o", "publication_names=clickpipes_publication"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.DISCARD);
        builder.environment().put("PGPASSWORD", PASSWORD);
        return builder.start();
    }

    private static void awaitSlotActive(TestServer server, String db, String slot, boolean active)
            throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (count(server, db, "SELECT count(*) FROM pg_catalog.pg_replication_slots WHERE slot_name = ? AND active = "
                + active, slot) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("slot " + slot + " did not become " + (active ? "active" : "inactive"));
            }
            Thread.sleep(100);
        }
    }

    private static CliRun run(TestServer server, String db, String user, Map<String, String> environment,
                              String command, String... more) {
        return run(server, db, "postgres", user, environment, command, more);
    }

    private static CliRun run(TestServer server, String db, String migrator, String user,
                              Map<String, String> environment, String command, String... more) {
        CliRun result = CliRun.as(environment, server.jdbcUrl(db), migrator, user, command, more);
        assertFalse(result.all().contains(PASSWORD), "the password must never be printed:\n" + result.all());
        return result;
    }

    private static String database(TestServer server) throws SQLException {
        String db = server.createDatabase();
        sql(server, db, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                "INSERT INTO public.orders VALUES (1, 'first')");
        return db;
    }

    private static String uniqueName(String prefix) {
        return prefix + "_" + Long.toHexString(System.nanoTime());
    }

    private static void sql(TestServer server, String db, String... statements) throws SQLException {
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(TestServer server, String db, String sql, String parameter) throws SQLException {
        try (Connection connection = server.superuser(db); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
