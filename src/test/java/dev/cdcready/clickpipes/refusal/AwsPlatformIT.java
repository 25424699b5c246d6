package dev.cdcready.clickpipes.refusal;

import static dev.cdcready.clickpipes.refusal.Refusals.hasReplicationAttribute;
import static dev.cdcready.clickpipes.refusal.Refusals.isMember;
import static dev.cdcready.clickpipes.refusal.Refusals.placeholders;
import static dev.cdcready.clickpipes.refusal.Refusals.publicationExists;
import static dev.cdcready.clickpipes.refusal.Refusals.roleExists;
import static dev.cdcready.clickpipes.refusal.Refusals.uniqueUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/** On Aurora and RDS the bundle grants rds_replication, never the REPLICATION attribute, also as the master user. */
class AwsPlatformIT {

    private static final String READER_ENDPOINT_URL =
            "jdbc:postgresql://mycluster.cluster-ro-abc123xyz.us-east-1.rds.amazonaws.com:5432/db";

    static List<ServerSpec> awsWriters() {
        return List.of(ServerSpec.aurora(17), ServerSpec.rds(16), ServerSpec.aurora(12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsWriters")
    void superuserMigrationGrantsRdsReplicationAndNotTheReplicationAttribute(ServerSpec spec) throws SQLException {
        TestServer server = TestServers.get(spec);
        String db = server.createDatabase();
        execute(server, db, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        String user = uniqueUser();

        ClickPipesFlyway.flyway(server.superuserDataSource(db), placeholders(user)).migrate();

        try (Connection connection = server.superuser(db)) {
            assertTrue(roleExists(connection, user));
            assertTrue(isMember(connection, user, "rds_replication"), "not a member of rds_replication");
            assertFalse(hasReplicationAttribute(connection, user), "REPLICATION attribute must not be used on AWS");
            assertTrue(publicationExists(connection, "clickpipes_publication"));
        }
        try (Connection login = server.login(db, user, Refusals.PASSWORD);
             Statement statement = login.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM public.orders")) {
            assertTrue(rs.next());
        }
    }

    @Test
    void masterUserWithRdsSuperuserGrantsRdsReplicationThroughItsAdminOption() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(17));
        String db = server.createDatabase();
        String master = "master_user";
        String masterPassword = "Master-pw-1";
        execute(server, db,
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'master_user') THEN"
                        + " CREATE ROLE master_user LOGIN CREATEROLE PASSWORD '" + masterPassword + "'; END IF; END $$",
                "GRANT rds_superuser TO master_user",
                "GRANT CREATE ON DATABASE " + db + " TO master_user");
        PGSimpleDataSource asMaster = new PGSimpleDataSource();
        asMaster.setURL(server.jdbcUrl(db));
        asMaster.setUser(master);
        asMaster.setPassword(masterPassword);
        try (Connection connection = asMaster.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA sales");
            statement.execute("CREATE TABLE sales.orders (id int PRIMARY KEY, amount numeric)");
        }
        String user = uniqueUser();

        ClickPipesFlyway.flyway(asMaster, placeholders(user, "clickpipes_schemas", "sales",
                "clickpipes_publication_scope", "tables", "clickpipes_tables", "sales.orders")).migrate();

        try (Connection connection = server.superuser(db)) {
            assertTrue(isMember(connection, user, "rds_replication"), "not a member of rds_replication");
            assertFalse(hasReplicationAttribute(connection, user));
            assertTrue(publicationExists(connection, "clickpipes_publication"));
            assertEquals(master, text(connection, "SELECT pubowner::regrole::text FROM pg_publication"
                    + " WHERE pubname = 'clickpipes_publication'"));
        }
        try (Connection login = server.login(db, user, Refusals.PASSWORD);
             Statement statement = login.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM sales.orders")) {
            assertTrue(rs.next());
        }
    }

    @Test
    void readerEndpointHostIsRefusedWithTheWriterEndpointAsFix() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(17));
        String db = server.createDatabase();
        ClickPipesSettings settings = SettingsReader.read(placeholders(uniqueUser()), Map.of());
        try (Connection connection = server.superuser(db)) {
            PreCheckReport report = PreCheck.run(connection, settings, READER_ENDPOINT_URL);
            Finding finding = report.errors().stream().filter(f -> f.code().name().equals("READER_ENDPOINT")).findFirst()
                    .orElseThrow(() -> new AssertionError(report.render()));
            assertTrue(finding.remediation().contains("mycluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com"),
                    finding.remediation());
            assertFalse(report.passed());
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static void execute(TestServer server, String db, String... sql) throws SQLException {
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }
}
