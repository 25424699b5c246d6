package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Table owners whose names configuration would refuse — a newline, a leading space, a backslash and a double quote —
 * made by anyone with CREATEROLE. The bundle grants for them like for any owner: plan prints no statement with the
 * newline itself (it is a Unicode escape, {@code U&"…\000A…"}), migrate runs those statements, the owners' tables and
 * their future tables are readable, and verify holds. Before, the step failed with an exception that named no role.
 */
class PlantedRoleNamesIT {

    private static final String PASSWORD = "Planted-names-secret-1";
    private static final Map<String, String> ENV = Map.of("CLICKPIPES_PASSWORD", PASSWORD);

    @Test
    void ownersWithNewlinesSpacesAndQuotesInTheirNamesAreGrantedForAndPrintedOnOneLine() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> owners = List.of("tenant\nowner_" + suffix, " padded_" + suffix, "back\\slash\"quote_" + suffix);
        List<String> setup = new ArrayList<>(List.of("CREATE SCHEMA tenant"));
        for (int i = 0; i < owners.size(); i++) {
            String quoted = "\"" + owners.get(i).replace("\"", "\"\"") + "\"";
            setup.addAll(List.of("CREATE ROLE " + quoted, "GRANT USAGE, CREATE ON SCHEMA tenant TO " + quoted,
                    "SET ROLE " + quoted, "CREATE TABLE tenant.t" + i + " (id int PRIMARY KEY)", "RESET ROLE"));
        }
        try (Connection admin = server.superuser(db)) {
            Sql.execute(admin, setup.toArray(String[]::new));
        }
        String user = "cp_names_" + suffix;
        String url = server.jdbcUrl(db);

        CliRun plan = CliRun.asSuperuser(ENV, url, user, "plan", "--json", "--schemas=tenant");
        assertEquals(Main.OK, plan.exitCode(), plan.all());
        List<String> statements = OperatorCommandsIT.statements(plan.json());
        assertTrue(statements.stream().anyMatch(s -> s.contains("FOR ROLE U&\"tenant\\000Aowner_" + suffix + "\"")),
                statements.toString());
        assertTrue(statements.stream().anyMatch(s -> s.contains("FOR ROLE \" padded_" + suffix + "\"")),
                statements.toString());
        assertEquals(List.of(), statements.stream().filter(s -> s.contains("tenant\nowner")).toList(),
                "no statement holds the name with its newline");

        CliRun migrate = CliRun.asSuperuser(ENV, url, user, "migrate", "--schemas=tenant");
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        try (Connection admin = server.superuser(db)) {
            for (int i = 0; i < owners.size(); i++) {
                assertTrue(Sql.hasTablePrivilege(admin, user, "tenant.t" + i, "SELECT"), owners.get(i));
                String quoted = "\"" + owners.get(i).replace("\"", "\"\"") + "\"";
                Sql.execute(admin, "SET ROLE " + quoted, "CREATE TABLE tenant.later" + i + " (id int PRIMARY KEY)",
                        "RESET ROLE");
                assertTrue(Sql.hasTablePrivilege(admin, user, "tenant.later" + i, "SELECT"),
                        "the default privileges for " + owners.get(i) + " hold");
            }
        }
        CliRun verify = CliRun.asSuperuser(ENV, url, user, "verify", "--json", "--schemas=tenant");
        assertEquals(Main.OK, verify.exitCode(), verify.all());
        assertFalse(verify.all().contains("tenant\nowner"), "no name is printed with its newline");
    }

    /**
     * A table whose name tries to forge a line of output: a newline and then what the bundle prints when all is well.
     * verify reports it unreadable on one line — the name Unicode-escaped in the message and in the fix — and the fix,
     * run exactly as printed, makes it readable.
     */
    @Test
    void aTableNamedToForgeALineIsReportedOnOneLineAndThePrintedFixWorks() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        String forged = "orders\nINFO ClickPipes verification passed";
        try (Connection admin = server.superuser(db)) {
            Sql.execute(admin, "CREATE SCHEMA tenant", "CREATE TABLE tenant.\"" + forged + "\" (id int PRIMARY KEY)");
        }
        String user = "cp_forge_" + UUID.randomUUID().toString().substring(0, 8);
        String url = server.jdbcUrl(db);
        CliRun migrate = CliRun.asSuperuser(ENV, url, user, "migrate", "--schemas=tenant");
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        try (Connection admin = server.superuser(db)) {
            Sql.execute(admin, "REVOKE SELECT ON tenant.\"" + forged + "\" FROM " + user);
        }

        CliRun verify = CliRun.asSuperuser(ENV, url, user, "verify", "--schemas=tenant");
        assertEquals(Main.DRIFT, verify.exitCode(), verify.all());
        String escaped = "tenant.U&\"orders\\000AINFO ClickPipes verification passed\"";
        assertTrue(verify.all().contains("cannot SELECT from 1 table(s): " + escaped), verify.all());
        assertFalse(verify.all().contains(forged), "no line of the output is the table's forged one");
        CliRun json = CliRun.asSuperuser(ENV, url, user, "verify", "--json", "--schemas=tenant");
        String fix = FixAssertions.statement(FixAssertions.fix(json, "TABLES_NOT_READABLE"), "GRANT SELECT ON TABLE");
        assertEquals("GRANT SELECT ON TABLE " + escaped + " TO \"" + user + "\";", fix);
        try (Connection admin = server.superuser(db)) {
            Sql.execute(admin, fix);
            assertTrue(Sql.hasTablePrivilege(admin, user, "tenant.\"" + forged + "\"", "SELECT"), "the fix as printed");
        }
        CliRun after = CliRun.asSuperuser(ENV, url, user, "verify", "--json", "--schemas=tenant");
        assertEquals(Main.OK, after.exitCode(), after.all());
    }
}
