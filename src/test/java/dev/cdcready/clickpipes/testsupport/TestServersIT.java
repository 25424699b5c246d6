package dev.cdcready.clickpipes.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestServersIT {

    private static final int AWS_MAJOR = 17;

    static List<Integer> supportedMajors() {
        return PostgresVersions.supportedMajors();
    }

    @Test
    void supportedMajorsStartAt12AreAscendingAndNameTheirFullVersion() {
        List<Integer> majors = PostgresVersions.supportedMajors();
        assertFalse(majors.isEmpty(), "no PostgreSQL binaries: run mvn generate-test-resources");
        assertEquals(majors.stream().sorted().distinct().toList(), majors);
        assertTrue(majors.get(0) >= 12);
        assertEquals(majors.get(majors.size() - 1), PostgresVersions.newestMajor());
        majors.forEach(major -> assertTrue(PostgresVersions.fullVersion(major).startsWith(major + ".")));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("supportedMajors")
    void plainServerRunsTheRequestedMajorWithLogicalWal(int major) throws SQLException {
        assertPlainServerOf(major);
    }

    @Test
    void plainServerOfPostgres11RunsWithLogicalWal() throws SQLException {
        assumeTrue(PostgresVersions.isAvailable(11), "no PostgreSQL 11 binaries");
        assertPlainServerOf(11);
    }

    @Test
    void auroraWriterAnswersAuroraFunctionsInEveryDatabaseAndHasRdsRoles() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(AWS_MAJOR));
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database)) {
            assertTrue(text(connection, "SELECT aurora_version()").startsWith(AWS_MAJOR + "."));
            assertEquals(AwsSurface.WRITER_ID, text(connection, "SELECT aurora_db_instance_identifier()"));
            assertEquals("on", text(connection, "SELECT current_setting('rds.logical_replication')"));
            assertEquals("pg_stat_statements", text(connection, "SELECT current_setting('rds.extensions')"));
            assertEquals("logical", text(connection, "SHOW wal_level"));
            assertEquals(List.of(AwsSurface.WRITER_ID + "=MASTER_SESSION_ID", AwsSurface.READER_ID),
                    column(connection, "SELECT server_id || CASE WHEN session_id = 'MASTER_SESSION_ID'"
                            + " THEN '=' || session_id ELSE '' END FROM aurora_replica_status() ORDER BY 1 DESC"));
            assertEquals("true", text(connection, "SELECT bool_and(NOT rolcanlogin)::text FROM pg_roles"
                    + " WHERE rolname IN ('rds_superuser', 'rds_replication') HAVING count(*) = 2"));
            assertEquals("true", text(connection, "SELECT m.admin_option::text FROM pg_auth_members m"
                    + " WHERE m.roleid = 'rds_replication'::regrole AND m.member = 'rds_superuser'::regrole"));
        }
    }

    @Test
    void auroraReaderIsAReadOnlyHotStandbyThatNamesItselfAsReader() throws SQLException {
        TestServer reader = TestServers.get(ServerSpec.aurora(AWS_MAJOR).asReader());
        try (Connection connection = reader.superuser(TestServer.READER_DATABASE)) {
            assertEquals("true", text(connection, "SELECT pg_is_in_recovery()::text"));
            assertEquals(AwsSurface.READER_ID, text(connection, "SELECT aurora_db_instance_identifier()"));
            assertEquals("1", text(connection, "SELECT count(*)::text FROM public.orders"));
            SQLException refused = assertThrows(SQLException.class,
                    () -> execute(connection, "CREATE TABLE public.refused (id int)"));
            assertEquals("25006", refused.getSQLState());
        }
        assertThrows(UnsupportedOperationException.class, reader::createDatabase);
    }

    @Test
    void rdsServerHasRdsRolesAndSettingsButNoAuroraFunctions() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.rds(AWS_MAJOR));
        try (Connection connection = server.superuser(server.createDatabase())) {
            assertEquals("0", text(connection, "SELECT count(*)::text FROM pg_proc WHERE proname LIKE 'aurora%'"));
            assertEquals("2", text(connection, "SELECT count(*)::text FROM pg_roles"
                    + " WHERE rolname IN ('rds_superuser', 'rds_replication')"));
            assertEquals("on", text(connection, "SELECT current_setting('rds.logical_replication')"));
            SQLException missing = assertThrows(SQLException.class, () -> text(connection, "SELECT aurora_version()"));
            assertEquals("42883", missing.getSQLState());
        }
    }

    @Test
    void withoutLogicalReplicationTurnsRdsSettingOffAndWalLevelToReplica() throws SQLException {
        try (TestServer server = TestServers.startPrivate(ServerSpec.rds(AWS_MAJOR).withoutLogicalReplication());
             Connection connection = server.superuser("postgres")) {
            assertEquals("off", text(connection, "SELECT current_setting('rds.logical_replication')"));
            assertEquals("replica", text(connection, "SHOW wal_level"));
        }
    }

    @Test
    void memberOfRdsSuperuserCanGrantRdsReplication() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.rds(AWS_MAJOR));
        String master = uniqueRole("master");
        String pipe = uniqueRole("pipe");
        try (Connection connection = server.superuser("postgres")) {
            execute(connection, "CREATE ROLE " + master + " LOGIN CREATEROLE PASSWORD 'master-secret' IN ROLE rds_superuser");
            execute(connection, "CREATE ROLE " + pipe + " LOGIN PASSWORD 'pipe-secret'");
        }
        try (Connection connection = server.login("postgres", master, "master-secret")) {
            execute(connection, "GRANT rds_replication TO " + pipe);
            assertEquals("true", text(connection, "SELECT pg_has_role('" + pipe + "', 'rds_replication', 'MEMBER')::text"));
        }
    }

    @Test
    void loginRoleAuthenticatesWithItsScramPasswordAndIsRefusedWithAWrongOne() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(AWS_MAJOR));
        String database = server.createDatabase();
        String role = uniqueRole("login");
        try (Connection connection = server.superuser(database)) {
            execute(connection, "CREATE ROLE " + role + " LOGIN PASSWORD 'right-password'");
            assertTrue(text(connection, "SELECT rolpassword FROM pg_authid WHERE rolname = '" + role + "'")
                    .startsWith("SCRAM-SHA-256$"));
        }
        try (Connection connection = server.login(database, role, "right-password")) {
            assertEquals(role, text(connection, "SELECT current_user"));
        }
        SQLException refused = assertThrows(SQLException.class, () -> server.login(database, role, "wrong-password"));
        assertEquals("28P01", refused.getSQLState());
        assertTrue(logMentions(server.serverLog(), "password authentication failed for user \"" + role + "\""),
                "the server log captures authentication failures");
    }

    @Test
    void replicationRoleCanIdentifySystemOverAReplicationConnection() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(AWS_MAJOR));
        String database = server.createDatabase();
        String role = uniqueRole("replicator");
        try (Connection connection = server.superuser(database)) {
            execute(connection, "CREATE ROLE " + role + " LOGIN REPLICATION PASSWORD 'replicate-me'");
        }
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", "replicate-me");
        properties.setProperty("replication", "database");
        properties.setProperty("assumeMinServerVersion", "9.4");
        properties.setProperty("preferQueryMode", "simple");
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("IDENTIFY_SYSTEM")) {
            assertTrue(result.next());
            assertEquals(1, result.getInt("timeline"));
            assertEquals(database, result.getString("dbname"));
        }
        properties.setProperty("password", "not-the-password");
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(server.jdbcUrl(database), properties).close());
        assertEquals("28P01", refused.getSQLState());
    }

    @Test
    void privateServerRemovesItsDataDirectoryWhenClosed() throws SQLException {
        Path dataDirectory;
        try (TestServer server = TestServers.startPrivate(ServerSpec.plain(PostgresVersions.newestMajor()))) {
            dataDirectory = server.dataDirectory();
            assertTrue(Files.isRegularFile(dataDirectory.resolve("PG_VERSION")));
            assertTrue(Files.isRegularFile(server.serverLog()));
            try (Connection connection = server.superuser("postgres")) {
                assertEquals("false", text(connection, "SELECT pg_is_in_recovery()::text"));
            }
        }
        assertFalse(Files.exists(dataDirectory));
    }

    private static void assertPlainServerOf(int major) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        try (Connection connection = server.superuser("postgres")) {
            assertEquals(major, Integer.parseInt(text(connection, "SHOW server_version_num")) / 10_000);
            String[] expected = PostgresVersions.fullVersion(major).split("\\.");
            assertTrue(text(connection, "SHOW server_version").startsWith(expected[0] + "." + expected[1]));
            assertEquals("logical", text(connection, "SHOW wal_level"));
            assertEquals("scram-sha-256", text(connection, "SHOW password_encryption"));
            assertEquals("60", text(connection, "SHOW max_connections"));
        }
    }

    private static String uniqueRole(String purpose) {
        return "it_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean logMentions(Path log, String text) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        List<String> values = column(connection, sql);
        assertEquals(1, values.size(), () -> sql + " returned " + values);
        return values.get(0);
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
