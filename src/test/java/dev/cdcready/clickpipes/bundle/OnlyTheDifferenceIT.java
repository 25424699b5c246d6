package dev.cdcready.clickpipes.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * The schema-access step grants only what is missing, so a re-run touches no catalog row it does not have to: every
 * GRANT rewrites the granted object's catalog row (a new row version, counted here by its {@code xmin}), and the
 * guide's {@code GRANT SELECT ON ALL TABLES IN SCHEMA} rewrites every table's row whether granted or not.
 */
class OnlyTheDifferenceIT {

    private static final String PASSWORD = "Only-the-difference-1";
    private static final String SCHEMA_ACCESS = "db.clickpipes.R__Grant_schema_access";

    @Test
    void addingASchemaRewritesOnlyThatSchemasRowsAndAReApplyRewritesNone() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = Migrations.uniqueRole("diff");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, tenant("a"), tenant("b"),
                    "CREATE VIEW a.v AS SELECT * FROM a.t1",
                    "CREATE TABLE a.parted (id int PRIMARY KEY) PARTITION BY RANGE (id)",
                    "CREATE TABLE a.parted_1 PARTITION OF a.parted FOR VALUES FROM (0) TO (100)");
        }
        Migrations.migrate(server, database, settings(user, "a,b"));
        try (Connection connection = server.superuser(database)) {
            assertEquals(List.of(), unreadable(connection, user, "a", "b"));

            Sql.execute(connection, tenant("c"));
            long before = txid(connection);
            MigrateResult added = Migrations.migrate(server, database, settings(user, "a,b,c"));
            assertTrue(Migrations.descriptions(added).toString().contains("Grant schema access"),
                    Migrations.descriptions(added).toString());
            assertEquals(List.of(), unreadable(connection, user, "a", "b", "c"));
            assertEquals(List.of("c.t1", "c.t2", "c.t3"), rewritten(connection, "pg_class", before),
                    "only the new schema's tables get a new catalog row");
            assertEquals(List.of("c"), rewritten(connection, "pg_namespace", before));

            // The settings part of the step's checksum no longer matches, so Flyway re-runs the step: with nothing
            // missing it must send no GRANT at all.
            Sql.execute(connection, "UPDATE clickpipes_flyway.clickpipes_schema_history SET checksum = checksum + 2 "
                    + "WHERE installed_rank = (SELECT max(installed_rank) FROM clickpipes_flyway.clickpipes_schema_history"
                    + " WHERE script = '" + SCHEMA_ACCESS + "')");
            long reapply = txid(connection);
            MigrateResult again = Migrations.migrate(server, database, settings(user, "a,b,c"));
            assertTrue(Migrations.descriptions(again).toString().contains("Grant schema access"),
                    "the step re-ran: " + Migrations.descriptions(again));
            assertEquals(List.of(), rewritten(connection, "pg_class", reapply), "a re-apply rewrites no table row");
            assertEquals(List.of(), rewritten(connection, "pg_namespace", reapply));
            assertEquals("0", Sql.text(connection, "SELECT count(*)::text FROM pg_default_acl "
                    + "WHERE xmin::text::bigint > ?", reapply));

            // Drift in one table: only that table's row is rewritten by the repair.
            Sql.execute(connection, "REVOKE SELECT ON b.t2 FROM " + user);
            long repair = txid(connection);
            Migrations.migrate(server, database, settings(user, "a,b,c"));
            assertEquals(List.of(), unreadable(connection, user, "a", "b", "c"));
            assertEquals(List.of("b.t2"), rewritten(connection, "pg_class", repair));
        }
    }

    /**
     * The step asks {@code has_table_privilege} once per owner and ACL, then names the tables of the unreadable groups
     * in a second scan: tables whose ACLs differ only in what clickpipes_user cannot use, no ACL at all (the default)
     * beside an empty one, and a readable table sharing an owner with unreadable ones must each land in their own
     * group, or a repair would miss a table or rewrite one it need not.
     */
    @Test
    void aRepairGrantsExactlyTheTablesHasTablePrivilegeFindsUnreadable() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = Migrations.uniqueRole("groups");
        String other = Migrations.uniqueRole("other");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, tenant("a"), "CREATE ROLE " + other);
        }
        Migrations.migrate(server, database, settings(user, "a"));
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection,
                    "REVOKE SELECT ON a.t1 FROM " + user,
                    "GRANT SELECT ON a.t1 TO " + other,
                    "REVOKE ALL ON a.t2 FROM " + user,
                    "REVOKE ALL ON a.t2 FROM CURRENT_USER",
                    "REVOKE SELECT ON a.t3 FROM " + user,
                    "GRANT SELECT ON a.t3 TO PUBLIC",
                    // No default privileges for this owner yet: the table starts with no ACL at all.
                    "GRANT USAGE, CREATE ON SCHEMA a TO " + other,
                    "SET ROLE " + other,
                    "CREATE TABLE a.by_other (id int PRIMARY KEY)",
                    "RESET ROLE",
                    "CREATE TABLE a.granted_too (id int PRIMARY KEY)");
            List<String> expected = unreadable(connection, user, "a");
            assertEquals(List.of("a.by_other", "a.t1", "a.t2"), expected, "the drift this test sets up");

            long repair = txid(connection);
            Migrations.migrate(server, database, settings(user, "a"));
            assertEquals(List.of(), unreadable(connection, user, "a"));
            assertEquals(expected, rewritten(connection, "pg_class", repair),
                    "exactly the unreadable tables are granted: not a.t3 (PUBLIC may read it), not a.granted_too "
                            + "(its owner's default privileges covered it)");
        }
    }

    private static Map<String, String> settings(String user, String schemas) {
        return Migrations.placeholders(user, PASSWORD, Placeholders.SCHEMAS, schemas);
    }

    private static String tenant(String schema) {
        return "DO $$ BEGIN CREATE SCHEMA " + schema + "; FOR i IN 1..3 LOOP EXECUTE format('CREATE TABLE " + schema
                + ".t%s (id int PRIMARY KEY)', i); END LOOP; END $$";
    }

    private static long txid(Connection connection) throws SQLException {
        return Long.parseLong(Sql.text(connection, "SELECT txid_current()::text"));
    }

    /** Rows of a catalog written after transaction {@code after}, by name (the database is young: no wraparound). */
    private static List<String> rewritten(Connection connection, String catalog, long after) throws SQLException {
        String name = catalog.equals("pg_class")
                ? "relnamespace::regnamespace::text || '.' || relname" : "nspname";
        return Sql.column(connection, "SELECT " + name + " FROM " + catalog + " WHERE xmin::text::bigint > ? "
                + "ORDER BY 1", after);
    }

    private static List<String> unreadable(Connection connection, String user, String... schemas)
            throws SQLException {
        return Sql.column(connection, "SELECT c.oid::regclass::text FROM pg_class c WHERE relnamespace::regnamespace"
                + "::text = ANY (?) AND relkind IN ('r','p','v','m','f') AND NOT has_table_privilege(?, c.oid, "
                + "'SELECT') ORDER BY 1", connection.createArrayOf("text", schemas), user);
    }
}
