package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import dev.cdcready.clickpipes.verify.DriftCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * verify's validation probe (SELECT * FROM t LIMIT 0 per published table, in one statement) on more partitions than
 * the server's lock table holds at once. Found by the benchmark: 10 schemas × 10 partitioned tables × 100 partitions
 * were all reported as failing with "out of shared memory" on a setup that was fine.
 */
class ValidationProbeLocksIT {

    private static final String PASSWORD = "Probe-locks-secret-1";
    private static final int PARENTS = 30;
    private static final int PARTITIONS = 100;

    @Test
    void probingMorePartitionsThanTheLockTableHoldsReportsNoFailure() throws SQLException {
        // About 10 × 40 backends = 400 lock slots; the tables and their keys' indexes are 6,060 relations.
        TestServer server = TestServers.get(ServerSpec.plain(17).with("max_locks_per_transaction", "10")
                .with("max_connections", "20"));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            assertEquals("10", Sql.text(admin, "SHOW max_locks_per_transaction"));
            for (int p = 1; p <= PARENTS; p++) {
                // One transaction per parent: creating them all at once would itself exhaust the lock table.
                Sql.execute(admin, """
                        DO $$ BEGIN
                          EXECUTE 'CREATE TABLE public.p%1$d (id bigint, k int, PRIMARY KEY (id, k)) PARTITION BY LIST (k)';
                          FOR k IN 1..%2$d LOOP
                            EXECUTE pg_catalog.format('CREATE TABLE public.p%1$d_%%s PARTITION OF public.p%1$d'
                                                      || ' FOR VALUES IN (%%s)', k, k);
                          END LOOP;
                        END $$""".formatted(p, PARTITIONS));
            }
            assertEquals(String.valueOf(PARENTS * (PARTITIONS + 1)), Sql.text(admin,
                    "SELECT count(*)::text FROM pg_class WHERE relkind IN ('r', 'p') AND relname ~ '^p[0-9]'"));
        }
        String user = Migrations.uniqueRole("probe_locks");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD);
        Migrations.migrate(server, database, placeholders);

        List<Finding> findings;
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            findings = DriftCheck.run(connection, server.jdbcUrl(database), SettingsReader.read(placeholders, Map.of()),
                    Long.MAX_VALUE);
        }
        assertTrue(findings.stream().noneMatch(f -> f.code().name().equals("VALIDATION_PROBE_FAILED")),
                findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.code().name().startsWith("REPLICATION_LOGIN")),
                "the probe logged in: " + findings);
        assertTrue(!DriftCheck.drifted(findings), findings.toString());
    }
}
