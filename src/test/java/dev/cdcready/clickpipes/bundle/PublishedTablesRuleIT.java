package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.testsupport.PostgresVersions;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import dev.cdcready.clickpipes.verify.DriftCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Catalog#PUBLISHED_RELIDS} reads a FOR ALL TABLES publication's tables from {@code pg_class} with PostgreSQL's
 * rule instead of asking {@code pg_get_publication_tables}, which opens every table: it must list exactly what
 * {@code pg_publication_tables} lists, on every supported major, and still list other publications' tables. verify's
 * probe, the pre-check's unreadable published tables and the keyless published tables all read it.
 */
class PublishedTablesRuleIT {

    private static final String PASSWORD = "Published-rule-secret-1";

    static Stream<Integer> majors() {
        return PostgresVersions.supportedMajors().stream();
    }

    /**
     * Every kind of relation a FOR ALL TABLES publication could hold or leave out: a plain table, an unlogged one, a
     * temporary one (in the session that asks), partitions two levels deep, a view, a materialized view and a sequence;
     * with the partitions published themselves and (from 13) through their root.
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void theRuleListsExactlyWhatPgPublicationTablesListsForEachKindOfPublication(int major) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(major));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE SCHEMA shop",
                    "CREATE TABLE shop.orders (id int PRIMARY KEY)",
                    "CREATE UNLOGGED TABLE shop.scratch (id int PRIMARY KEY)",
                    "CREATE TEMPORARY TABLE session_only (id int PRIMARY KEY)",
                    "CREATE TABLE shop.events (id int, at int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
                    "CREATE TABLE shop.events_1 PARTITION OF shop.events FOR VALUES FROM (0) TO (10)",
                    "CREATE TABLE shop.events_2 PARTITION OF shop.events FOR VALUES FROM (10) TO (20)"
                            + " PARTITION BY RANGE (id)",
                    "CREATE TABLE shop.events_2a PARTITION OF shop.events_2 FOR VALUES FROM (0) TO (100)",
                    "CREATE VIEW shop.recent AS SELECT id FROM shop.orders",
                    "CREATE MATERIALIZED VIEW shop.totals AS SELECT count(*) AS n FROM shop.orders",
                    "CREATE SEQUENCE shop.numbers",
                    "CREATE TABLE public.notes (id int PRIMARY KEY)",
                    "CREATE PUBLICATION leaves FOR ALL TABLES",
                    "CREATE PUBLICATION listed FOR TABLE shop.orders, public.notes");
            List<String> leaves = List.of("public.notes", "shop.events_1", "shop.events_2a", "shop.orders");
            assertEquals(leaves, byView(admin, "leaves"), "what PostgreSQL " + major + " publishes");
            assertEquals(leaves, byRule(admin, "leaves"));
            assertEquals(List.of("public.notes", "shop.orders"), byView(admin, "listed"));
            assertEquals(byView(admin, "listed"), byRule(admin, "listed"), "a table list, from the function");
            assertEquals(List.of(), byRule(admin, "no_such_publication"));
            if (major >= 13) {
                Sql.execute(admin, "CREATE PUBLICATION roots FOR ALL TABLES WITH (publish_via_partition_root = true)");
                List<String> roots = List.of("public.notes", "shop.events", "shop.orders");
                assertEquals(roots, byView(admin, "roots"), "what PostgreSQL " + major + " publishes via the root");
                assertEquals(roots, byRule(admin, "roots"));
            }
            if (major >= 15) {
                Sql.execute(admin, "CREATE PUBLICATION tenant FOR TABLES IN SCHEMA shop");
                assertEquals(leaves.subList(1, 4), byView(admin, "tenant"));
                assertEquals(leaves.subList(1, 4), byRule(admin, "tenant"), "a schema, from the function");
            }
        }
    }

    /** The probe of a table list's tables (from the function): an unreadable one is still found. */
    @Test
    void theProbeStillFindsAnUnreadableTableOfATableListPublication() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE TABLE public.orders (id int PRIMARY KEY)",
                    "CREATE TABLE public.items (id int PRIMARY KEY)");
        }
        String user = Migrations.uniqueRole("rule");
        Map<String, String> placeholders = Migrations.placeholders(user, PASSWORD, "clickpipes_publication_scope",
                "tables", "clickpipes_tables", "public.orders,public.items");
        Migrations.migrate(server, database, placeholders);
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "REVOKE SELECT ON public.items FROM " + user);
        }

        List<Finding> findings;
        try (Connection connection = server.pinnedSuperuserDataSource(database).getConnection()) {
            findings = DriftCheck.run(connection, server.jdbcUrl(database), SettingsReader.read(placeholders, Map.of()),
                    Long.MAX_VALUE);
        }
        Finding probe = findings.stream().filter(f -> f.code().name().equals("VALIDATION_PROBE_FAILED")).findFirst()
                .orElseThrow(() -> new AssertionError(findings.toString()));
        assertTrue(probe.message().contains("public.items (permission denied for table items)"), probe.message());
        assertTrue(!probe.message().contains("public.orders"), probe.message());
    }

    private static List<String> byView(Connection admin, String publication) throws SQLException {
        return Sql.column(admin, "SELECT schemaname || '.' || tablename FROM pg_catalog.pg_publication_tables"
                + " WHERE pubname = ? ORDER BY 1", publication);
    }

    private static List<String> byRule(Connection admin, String publication) throws SQLException {
        return Sql.column(admin, "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = ANY (" + Catalog.PUBLISHED_RELIDS + ") ORDER BY 1", publication);
    }
}
