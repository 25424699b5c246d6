package dev.cdcready.clickpipes.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.precheck.Severity;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class AuroraTopologyAndWarningsIT {

    @Test
    void refusesAnAuroraInstanceThatIsNotTheWriterEvenWhenNotInRecovery() throws Exception {
        TestServer server = TestServers.get(ServerSpec.aurora(17));
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            // In this database, the instance we talk to claims to be a reader while aurora_replica_status() names
            // another writer: what a stale DNS entry after a failover looks like.
            statement.execute("CREATE OR REPLACE FUNCTION pg_catalog.aurora_db_instance_identifier() RETURNS text "
                    + "LANGUAGE sql AS $$ SELECT 'clickpipes-test-reader-1'::text $$");
        }
        CatalogSnapshot before = CatalogSnapshot.take(server, database);
        String user = Refusals.uniqueUser();
        Finding finding = Refusals.refusedWith("NOT_WRITER", () -> ClickPipesFlyway.flyway(
                server.superuserDataSource(database), Refusals.placeholders(user)).migrate());
        assertTrue(finding.message().contains("clickpipes-test-reader-1"), finding.message());
        assertTrue(finding.message().contains("clickpipes-test-writer"), finding.message());
        assertEquals(before, CatalogSnapshot.take(server, database));
    }

    @Test
    void aNonZeroWalSenderTimeoutIsOnlyANoteBecauseClickPipesSetsItsOwn() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        // As the bundle's own sessions are: search_path pg_catalog.
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            PreCheckReport report = PreCheck.run(connection, SettingsReader.read(
                    Refusals.placeholders(Refusals.uniqueUser()), java.util.Map.of()), server.jdbcUrl(database));
            assertTrue(report.passed(), report.render());
            Finding note = report.findings().stream().filter(f -> f.code().name().equals("WAL_SENDER_TIMEOUT"))
                    .findFirst().orElseThrow(() -> new AssertionError(report.render()));
            assertEquals(Severity.INFO, note.severity());
            assertTrue(note.message().contains("120s"), note.message());
        }
    }

    @Test
    void warnsAboutAnAuroraInstanceEndpointButNotAboutAClusterWriterEndpoint() throws Exception {
        TestServer server = TestServers.get(ServerSpec.aurora(17));
        String database = server.createDatabase();
        // As the bundle's own sessions are: search_path pg_catalog.
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            var settings = SettingsReader.read(Refusals.placeholders(Refusals.uniqueUser()), java.util.Map.of());
            PreCheckReport instance = PreCheck.run(connection, settings,
                    "jdbc:postgresql://instance-1.abc123xyz.us-east-1.rds.amazonaws.com:5432/app");
            assertTrue(instance.passed(), instance.render());
            assertTrue(instance.warnings().stream().anyMatch(f -> f.code().name().equals("INSTANCE_ENDPOINT")),
                    instance.render());
            PreCheckReport writer = PreCheck.run(connection, settings,
                    "jdbc:postgresql://mycluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com:5432/app");
            assertTrue(writer.findings().stream().noneMatch(f -> f.code().name().endsWith("_ENDPOINT")), writer.render());
        }
    }
}
