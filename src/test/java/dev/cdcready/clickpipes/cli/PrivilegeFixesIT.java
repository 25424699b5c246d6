package dev.cdcready.clickpipes.cli;

import static dev.cdcready.clickpipes.cli.FixAssertions.assertFixed;
import static dev.cdcready.clickpipes.cli.FixAssertions.assertReported;
import static dev.cdcready.clickpipes.cli.FixAssertions.statement;
import static dev.cdcready.clickpipes.cli.FixAssertions.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.Flavor;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixes of the pre-check's privilege refusals, for a migrating role that is not a superuser: the cluster's master
 * user on an Aurora-like surface (CREATEROLE, member of rds_superuser) or a least-privileged role on plain
 * PostgreSQL (CREATEROLE and REPLICATION, owner of its tables). Each test takes away what one finding needs, runs
 * {@code check}, applies the printed fix literally — the SQL as the superuser (the DBA), a setting as given, or a run
 * as the role the fix names — and runs {@code check} again: it exits 0 without the code, and migrate succeeds.
 */
class PrivilegeFixesIT {

    private static final String PASSWORD = "Privilege-fixes-password-1";
    private static final String NEW_PASSWORD = "Privilege-fixes-password-2";
    private static final String MIGRATOR_PASSWORD = "Privilege-fixes-migrator-1";

    // --- CANNOT_CREATE_ROLE -------------------------------------------------------------------------------------------

    @Test
    void aMasterUserWithoutCreateroleIsRefusedUntilTheStatementTheFixPrintsRuns() throws SQLException {
        Db db = Db.create(ServerSpec.aurora(17), "LOGIN", true);

        String fix = assertReported(db.check(), Main.REFUSED, "CANNOT_CREATE_ROLE");
        assertTrue(fix.startsWith("Run as the cluster's master user"), fix);
        db.sql(statement(fix, "ALTER ROLE "));

        assertFixed(db.check(), "CANNOT_CREATE_ROLE");
        db.assertMigrates();
    }

    // --- CANNOT_ALTER_ROLE --------------------------------------------------------------------------------------------

    /**
     * PostgreSQL 16+ lets a CREATEROLE role change only roles it holds WITH ADMIN OPTION; before 16, CREATEROLE alone
     * is enough. The existing role's password is replaced on request (clickpipes_rotate_password).
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15, 17})
    void aRoleTheMigratingRoleMayNotChangeIsRefusedUntilTheStatementTheFixPrintsRuns(int major)
            throws SQLException {
        Db db = Db.create(ServerSpec.aurora(major), major >= 16 ? "LOGIN CREATEROLE" : "LOGIN", true);
        db.sql("CREATE ROLE " + db.user() + " LOGIN PASSWORD '" + PASSWORD + "'");
        Map<String, String> rotate = new HashMap<>(db.env(NEW_PASSWORD));
        rotate.put("FLYWAY_PLACEHOLDERS_CLICKPIPES_ROTATE_PASSWORD", "true");

        String fix = assertReported(db.run(rotate, "check", "--json"), Main.REFUSED, "CANNOT_ALTER_ROLE");
        assertTrue(fix.endsWith(major >= 16 ? "WITH ADMIN OPTION, INHERIT FALSE, SET FALSE;" : "CREATEROLE;"), fix);
        db.sql(statement(fix, major >= 16 ? "GRANT " : "ALTER ROLE "));

        assertFixed(db.run(rotate, "check", "--json"), "CANNOT_ALTER_ROLE");
        assertEquals(Main.OK, db.run(rotate, "migrate").exitCode());
        assertTrue(db.logsIn(NEW_PASSWORD), "the migrating role replaced the password");
    }

    // --- CANNOT_GRANT_REPLICATION, RDS_REPLICATION_MISSING ------------------------------------------------------------

    /**
     * A role still to be created: on PostgreSQL 16+ the migrating role may give it REPLICATION once it has the
     * attribute itself (and CREATEROLE); below 16 only a superuser may create a replication role.
     */
    @ParameterizedTest(name = "PostgreSQL {0}: {1}")
    @CsvSource({"15, run as a superuser", "17, run as a superuser", "17, the statement it prints"})
    void aPlainRoleWithoutReplicationIsRefusedUntilEachFixItOffers(int major, String alternative)
            throws SQLException {
        Db db = Db.create(ServerSpec.plain(major), "LOGIN CREATEROLE", false);

        String fix = assertReported(db.check(), Main.REFUSED, "CANNOT_GRANT_REPLICATION");
        assertTrue(fix.startsWith("Run migrate as a superuser"), fix);
        if (alternative.equals("run as a superuser")) {
            if (major < 16) {
                assertEquals("Run migrate as a superuser.", fix);
            }
            assertFixed(db.runAsSuperuser("check", "--json"), "CANNOT_GRANT_REPLICATION");
            assertEquals(Main.OK, db.runAsSuperuser("migrate").exitCode());
        } else {
            String statement = statement(fix, "ALTER ROLE ");
            assertEquals("ALTER ROLE \"" + db.migrator() + "\" REPLICATION;", statement);
            db.sql(statement);
            assertFixed(db.check(), "CANNOT_GRANT_REPLICATION");
            db.assertMigrates();
        }
        assertTrue(db.replicates(), db.user() + " has the REPLICATION attribute");
    }

    /**
     * On 16+ a migrating role with CREATEROLE and REPLICATION may give the attribute only to a role it holds WITH ADMIN
     * OPTION: an existing role someone else created is refused up front, not half-way through migrate.
     */
    @Test
    void anExistingRoleWithoutReplicationIsRefusedUntilTheStatementTheFixPrintsRuns() throws SQLException {
        Db db = Db.create(ServerSpec.plain(17), "LOGIN CREATEROLE REPLICATION", false);
        db.sql("CREATE ROLE " + db.user() + " LOGIN PASSWORD '" + PASSWORD + "'");

        String fix = assertReported(db.check(), Main.REFUSED, "CANNOT_GRANT_REPLICATION");
        String statement = statement(fix, "ALTER ROLE ");
        assertEquals("ALTER ROLE \"" + db.user() + "\" REPLICATION;", statement);
        db.sql(statement);

        assertFixed(db.check(), "CANNOT_GRANT_REPLICATION");
        db.assertMigrates();
        assertTrue(db.replicates(), db.user() + " has the REPLICATION attribute");
    }

    @Test
    void aRoleThatMayNotGrantRdsReplicationIsRefusedUntilTheMasterUserRunsIt() throws SQLException {
        // Not the master user: CREATEROLE and CREATE on the database, but no rds_superuser.
        Db db = Db.create(ServerSpec.aurora(17), "LOGIN CREATEROLE", false);

        String fix = assertReported(db.check(), Main.REFUSED, "CANNOT_GRANT_REPLICATION");
        assertTrue(fix.startsWith("Run as the cluster's master user"), fix);

        // The master user: what the test surface (and AWS) gives it, and membership in the tables' owner, which it
        // would otherwise be refused for (NOT_MEMBER_OF_OWNER) — that finding's own fix, run here beforehand.
        String master = uniqueName("master");
        db.sql("CREATE ROLE " + master + " LOGIN CREATEROLE PASSWORD '" + MIGRATOR_PASSWORD + "'",
                "GRANT rds_superuser TO " + master, "GRANT CREATE ON DATABASE " + db.name() + " TO " + master,
                "GRANT " + db.migrator() + " TO " + master);
        Db asMaster = db.as(master);
        assertFixed(asMaster.check(), "CANNOT_GRANT_REPLICATION");
        asMaster.assertMigrates();
    }

    @ParameterizedTest(name = "clickpipes_platform={0}")
    @ValueSource(strings = {"auto", "postgres"})
    void anAwsPlatformSettingOnPlainPostgresqlIsRefusedUntilItIsSetAsTheFixSays(String platform)
            throws SQLException {
        Db db = Db.create(ServerSpec.plain(17), "LOGIN CREATEROLE REPLICATION", false);

        String fix = assertReported(db.run(db.platform("aurora"), "check", "--json"), Main.REFUSED,
                "RDS_REPLICATION_MISSING");
        assertTrue(fix.startsWith("Set clickpipes_platform=auto (or postgres)"), fix);

        assertFixed(db.run(db.platform(platform), "check", "--json"), "RDS_REPLICATION_MISSING");
        assertEquals(Main.OK, db.run(db.platform(platform), "migrate").exitCode());
    }

    // --- CANNOT_GRANT_SCHEMA ------------------------------------------------------------------------------------------

    @Test
    void aSchemaTheMigratingRoleMayNotGrantIsRefusedUntilTheStatementTheFixPrintsRuns() throws SQLException {
        Db db = Db.create(ServerSpec.plain(17), "LOGIN CREATEROLE REPLICATION", false, "postgres");

        String fix = assertReported(db.check(), Main.REFUSED, "CANNOT_GRANT_SCHEMA");
        assertEquals("GRANT USAGE ON SCHEMA \"sales\" TO \"" + db.migrator() + "\" WITH GRANT OPTION;", fix);
        db.sql(fix);

        assertFixed(db.check(), "CANNOT_GRANT_SCHEMA");
        db.assertMigrates();
    }

    /**
     * A schema per tenant, owned by another role: thirteen schemas the migrating role may not grant. The refusal
     * names ten and counts the rest, its fix grants exactly the ten it names, and check then names the last three.
     */
    @Test
    void manySchemasTheMigratingRoleMayNotGrantAreNamedTenAtATimeAndEachPrintedFixLeadsOn() throws SQLException {
        Db db = Db.create(ServerSpec.plain(17), "LOGIN CREATEROLE REPLICATION", false, "postgres");
        List<String> tenants = IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("tenant_%02d", i)).toList();
        for (String tenant : tenants) {
            db.sql("CREATE SCHEMA " + tenant, "GRANT USAGE, CREATE ON SCHEMA " + tenant + " TO " + db.migrator());
        }
        String schemas = "--schemas=sales," + String.join(",", tenants);

        CliRun first = db.run(db.env(PASSWORD), "check", "--json", schemas);
        List<String> grants = grantOptions(assertReported(first, Main.REFUSED, "CANNOT_GRANT_SCHEMA"));
        String message = (String) first.finding("CANNOT_GRANT_SCHEMA").get("message");
        assertTrue(message.contains("13 schema(s): sales, tenant_01") && message.endsWith("tenant_09 and 3 more "
                + "(it neither owns them nor holds USAGE WITH GRANT OPTION)."), message);
        assertEquals(10, grants.size(), grants.toString());
        db.sql(grants.toArray(String[]::new));

        CliRun second = db.run(db.env(PASSWORD), "check", "--json", schemas);
        List<String> rest = grantOptions(assertReported(second, Main.REFUSED, "CANNOT_GRANT_SCHEMA"));
        message = (String) second.finding("CANNOT_GRANT_SCHEMA").get("message");
        assertTrue(message.contains("3 schema(s): tenant_10, tenant_11, tenant_12 (it"), message);
        assertEquals(3, rest.size(), rest.toString());
        db.sql(rest.toArray(String[]::new));

        assertFixed(db.run(db.env(PASSWORD), "check", "--json", schemas), "CANNOT_GRANT_SCHEMA");
        CliRun migrate = db.run(db.env(PASSWORD), "migrate", schemas);
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());
    }

    /** @return every {@code GRANT USAGE ... WITH GRANT OPTION;} of a fix, as printed */
    private static List<String> grantOptions(String fix) {
        return Pattern.compile("GRANT USAGE ON SCHEMA \"[^\"]+\" TO \\S+ WITH GRANT OPTION;").matcher(fix).results()
                .map(MatchResult::group).toList();
    }

    // --- PUBLICATION_NOT_OWNED, CANNOT_CREATE_PUBLICATION -------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"run as the publication's owner", "the statement it prints"})
    void aPublicationTheMigratingRoleMustExtendButDoesNotOwnIsRefusedUntilEachFixItOffers(String alternative)
            throws SQLException {
        Db db = Db.create(ServerSpec.plain(17), "LOGIN CREATEROLE REPLICATION", false);
        db.sql("CREATE PUBLICATION clickpipes_publication FOR TABLE sales.orders");
        String[] both = {"--json", "--tables=sales.orders,sales.items"};

        String fix = assertReported(db.run(db.env(PASSWORD), "check", both), Main.REFUSED, "PUBLICATION_NOT_OWNED");
        assertTrue(fix.startsWith("Run migrate as the publication's owner"), fix);
        Db runner = db;
        if (alternative.equals("run as the publication's owner")) {
            runner = db.as("postgres");
        } else {
            db.sql(statement(fix, "ALTER PUBLICATION "));
        }

        assertFixed(runner.run(db.env(PASSWORD), "check", both), "PUBLICATION_NOT_OWNED");
        assertEquals(Main.OK, runner.run(db.env(PASSWORD), "migrate", "--tables=sales.orders,sales.items").exitCode());
        try (Connection admin = db.server().superuser(db.name())) {
            assertEquals(List.of("items", "orders"), Sql.column(admin, "SELECT tablename::pg_catalog.text"
                    + " FROM pg_catalog.pg_publication_tables WHERE pubname OPERATOR(pg_catalog.=)"
                    + " 'clickpipes_publication' ORDER BY 1"), "the publication was extended");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"all_tables", "schemas"})
    void aPublicationScopeThatNeedsASuperuserIsRefusedUntilEachFixItOffers(String scope) throws SQLException {
        Db db = Db.create(ServerSpec.plain(17), "LOGIN CREATEROLE REPLICATION", false);

        String fix = assertReported(db.run(db.env(PASSWORD), "check", "--json", "--scope=" + scope),
                Main.REFUSED, "CANNOT_CREATE_PUBLICATION");
        assertEquals("Run migrate as a superuser, or use clickpipes_publication_scope=tables with tables the "
                + "migrating role owns.", fix);

        // "use clickpipes_publication_scope=tables with tables the migrating role owns": sales.orders is its own.
        assertFixed(db.check(), "CANNOT_CREATE_PUBLICATION");
        // "Run migrate as a superuser"
        Db superuser = db.as("postgres");
        assertFixed(superuser.run(db.env(PASSWORD), "check", "--json", "--scope=" + scope),
                "CANNOT_CREATE_PUBLICATION");
        assertEquals(Main.OK, superuser.run(db.env(PASSWORD), "migrate", "--scope=" + scope).exitCode());
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    /**
     * A database where {@code migrator} (not a superuser; CREATE on the database) runs the commands, with schema
     * {@code sales} and its keyed tables {@code sales.orders} and {@code sales.items}, owned by the migrating role.
     * The settings are {@code --schemas=sales --scope=tables --tables=sales.orders}; a test's {@code --scope} replaces
     * the last two.
     */
    private record Db(TestServer server, String name, String user, String migrator) {

        /**
         * @param attributes the migrating role's attributes ({@code LOGIN CREATEROLE ...})
         * @param master whether it is a member of rds_superuser, as the master user of an AWS cluster is
         * @param schemaOwner who owns schema sales: the migrating role when empty
         */
        static Db create(ServerSpec spec, String attributes, boolean master, String... schemaOwner)
                throws SQLException {
            TestServer server = TestServers.get(spec);
            Db db = new Db(server, server.createDatabase(), uniqueName("cp_priv"), uniqueName("migrator"));
            db.sql("CREATE ROLE " + db.migrator() + " " + attributes + " PASSWORD '" + MIGRATOR_PASSWORD + "'",
                    "GRANT CREATE ON DATABASE " + db.name() + " TO " + db.migrator());
            if (master) {
                db.sql("GRANT rds_superuser TO " + db.migrator());
            }
            if (schemaOwner.length == 0) {
                db.asMigrator("CREATE SCHEMA sales");
            } else {
                // Owned by someone else; the migrating role may use it and create its tables there, nothing more.
                db.sql("CREATE SCHEMA sales AUTHORIZATION " + schemaOwner[0],
                        "GRANT USAGE, CREATE ON SCHEMA sales TO " + db.migrator());
            }
            db.asMigrator("CREATE TABLE sales.orders (id int PRIMARY KEY, note text)",
                    "CREATE TABLE sales.items (id int PRIMARY KEY, name text)");
            return db;
        }

        /** The same database and clickpipes_user, with commands run as {@code role}. */
        Db as(String role) {
            return new Db(server, name, user, role);
        }

        Map<String, String> env(String password) {
            return Map.of("CLICKPIPES_PASSWORD", password, "FLYWAY_PASSWORD", MIGRATOR_PASSWORD);
        }

        Map<String, String> platform(String value) {
            Map<String, String> environment = new HashMap<>(env(PASSWORD));
            environment.put("FLYWAY_PLACEHOLDERS_CLICKPIPES_PLATFORM", value);
            return environment;
        }

        CliRun check() {
            return run(env(PASSWORD), "check", "--json");
        }

        /**
         * migrate succeeds; on plain PostgreSQL verify then passes too. The Aurora-like surface's rds_replication
         * cannot start a WAL sender, so verify's replication login fails there whatever the setup.
         */
        void assertMigrates() {
            CliRun migrate = run(env(PASSWORD), "migrate");
            assertEquals(Main.OK, migrate.exitCode(), migrate.all());
            if (server.spec().flavor() == Flavor.PLAIN) {
                CliRun verify = run(env(PASSWORD), "verify", "--json");
                assertEquals(Main.OK, verify.exitCode(), verify.all());
            }
        }

        CliRun runAsSuperuser(String command, String... more) {
            return as("postgres").run(env(PASSWORD), command, more);
        }

        /** As {@link #migrator()}, with the default settings first so that {@code more} can override them. */
        CliRun run(Map<String, String> environment, String command, String... more) {
            List<String> args = new ArrayList<>(List.of(command, "--url", server.jdbcUrl(name), "--user", migrator,
                    "--clickpipes-user", user, "--schemas=sales"));
            if (Arrays.stream(more).noneMatch(arg -> arg.startsWith("--scope="))) {
                args.addAll(List.of("--scope=tables", "--tables=sales.orders"));
            }
            args.addAll(List.of(more));
            CliRun result = CliRun.run(environment, args.toArray(String[]::new));
            String all = result.all();
            assertFalse(all.contains(PASSWORD) || all.contains(NEW_PASSWORD) || all.contains(MIGRATOR_PASSWORD),
                    "a password was printed:\n" + all);
            return result;
        }

        void sql(String... statements) throws SQLException {
            try (Connection connection = server.superuser(name)) {
                Sql.execute(connection, statements);
            }
        }

        void asMigrator(String... statements) throws SQLException {
            try (Connection connection = server.login(name, migrator, MIGRATOR_PASSWORD)) {
                Sql.execute(connection, statements);
            }
        }

        boolean logsIn(String password) {
            return FixAssertions.logsIn(server, name, user, password);
        }

        boolean replicates() throws SQLException {
            try (Connection connection = server.superuser(name)) {
                return "true".equals(Sql.text(connection, "SELECT rolreplication::pg_catalog.text"
                        + " FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) ?", user));
            }
        }
    }
}
