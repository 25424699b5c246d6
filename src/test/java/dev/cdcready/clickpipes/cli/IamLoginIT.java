package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code clickpipes_auth=iam} through the executable, on the Aurora surface ({@code rds_iam},
 * {@code rds.iam_auth_for_replication}) and on plain PostgreSQL: the role gets rds_iam and no password, verify and
 * info say what ClickPipes needs next, and every refusal leaves the catalog as it was.
 */
class IamLoginIT {

    private static final String PASSWORD = "Iam-test-password-1";
    private static final ServerSpec AURORA_WITH_IAM = ServerSpec.aurora(17).with("rds.iam_auth_for_replication", "1");

    @Test
    void migrateCreatesTheRoleWithoutAPasswordInRdsIamAndVerifyAndInfoSayWhatClickPipesNeedsNext()
            throws SQLException {
        TestServer server = TestServers.get(AURORA_WITH_IAM);
        String db = database(server);
        String user = uniqueUser();

        CliRun plan = run(server, db, user, Map.of(), "plan", "--auth=iam");
        assertEquals(Main.OK, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("GRANT rds_iam TO \"" + user + "\""), plan.out());
        assertFalse(plan.out().contains("PASSWORD"), "an IAM login gets no password:\n" + plan.out());

        CliRun migrate = run(server, db, user, Map.of(), "migrate", "--auth=iam");
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());

        try (Connection connection = server.superuser(db)) {
            assertIamLogin(connection, user);
        }

        CliRun verify = run(server, db, user, Map.of(), "verify", "--auth=iam", "--json");
        assertEquals(Main.OK, verify.exitCode(), verify.all());
        assertEquals("INFO", verify.finding("REPLICATION_LOGIN_NOT_TRIED").get("severity"));
        Map<String, Object> policy = verify.finding("IAM_POLICY_NEEDED");
        assertEquals("INFO", policy.get("severity"));
        assertTrue(((String) policy.get("fix")).contains("rds-db:connect on arn:aws:rds-db:<region>:<account>:dbuser:"
                + "<resource-id>/" + user), policy.toString());

        CliRun info = run(server, db, user, Map.of(), "info", "--auth=iam", "--json");
        assertEquals(Main.OK, info.exitCode(), info.all());
        Map<String, Object> form = clickpipe(info);
        assertEquals("iam", form.get("authentication"));
        assertEquals(user, form.get("user"));
        assertEquals(db, form.get("database"));
        assertEquals("clickpipes_publication", form.get("publication"));

        // rds_iam taken away is drift, with a fix that works when run.
        sql(server, db, "REVOKE rds_iam FROM \"" + user + "\"");
        CliRun drift = run(server, db, user, Map.of(), "verify", "--auth=iam", "--json");
        assertEquals(Main.DRIFT, drift.exitCode(), drift.all());
        sql(server, db, (String) drift.finding("NO_RDS_IAM").get("fix"));
        assertEquals(Main.OK, run(server, db, user, Map.of(), "verify", "--auth=iam").exitCode());
    }

    @Test
    void anExistingPasswordRoleIsAdoptedIntoRdsIamWithAWarningAndKeepsItsPassword() throws SQLException {
        TestServer server = TestServers.get(AURORA_WITH_IAM);
        String db = database(server);
        String user = uniqueUser();
        sql(server, db, "CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + PASSWORD + "'");
        String verifier;
        try (Connection connection = server.superuser(db)) {
            verifier = Sql.text(connection, "SELECT rolpassword FROM pg_authid WHERE rolname = ?", user);
        }

        CliRun check = run(server, db, user, Map.of(), "check", "--auth=iam", "--json");
        assertEquals(Main.OK, check.exitCode(), check.all());
        assertEquals("WARNING", check.finding("IAM_ENDS_PASSWORD_LOGIN").get("severity"));

        CliRun migrate = run(server, db, user, Map.of(), "migrate", "--auth=iam");
        assertEquals(Main.OK, migrate.exitCode(), migrate.all());

        try (Connection connection = server.superuser(db)) {
            assertTrue(member(connection, user, "rds_iam"), "not a member of rds_iam");
            assertEquals(verifier, Sql.text(connection, "SELECT rolpassword FROM pg_authid WHERE rolname = ?", user),
                    "the bundle never sets a password for an IAM login");
        }
    }

    @Test
    void auroraWithoutIamAuthForReplicationIsRefusedWithTheParameterGroupFixAndNothingIsWritten()
            throws SQLException {
        CliRun migrate = refusedWritingNothing(ServerSpec.aurora(17), Map.of());
        Map<String, Object> finding = migrate.finding("IAM_REPLICATION_AUTH_OFF");
        assertTrue(((String) finding.get("message")).contains("rds.iam_auth_for_replication is not set"),
                finding.toString());
        assertTrue(((String) finding.get("fix")).contains("rds.iam_auth_for_replication = 1 in the DB cluster "
                + "parameter group"), finding.toString());
    }

    @Test
    void plainPostgresIsRefusedBecauseIamNeedsAuroraOrRdsAndNothingIsWritten() throws SQLException {
        CliRun migrate = refusedWritingNothing(ServerSpec.plain(17), Map.of());
        assertTrue(((String) migrate.finding("IAM_NEEDS_AWS").get("fix")).contains("clickpipes_auth=password"),
                migrate.out());
    }

    @Test
    void aPasswordGivenWithIamIsRefusedWithoutPrintingItAndNothingIsWritten() throws SQLException {
        CliRun migrate = refusedWritingNothing(AURORA_WITH_IAM, Map.of("CLICKPIPES_PASSWORD", PASSWORD));
        assertTrue(((String) migrate.finding("INVALID_SETTING").get("message"))
                .contains("clickpipes_auth is iam but a password is configured"), migrate.out());
    }

    /** With clickpipes_user still to be created (the fix creates it as migrate would) and already existing. */
    @ParameterizedTest(name = "clickpipes_user exists: {0}")
    @ValueSource(booleans = {false, true})
    void aMigratingRoleThatMayNotGrantRdsIamIsRefusedWritingNothingAndTheMasterUsersFixMakesMigratePass(
            boolean roleExists) throws SQLException {
        TestServer server = TestServers.get(AURORA_WITH_IAM);
        String db = database(server);
        String user = uniqueUser();
        String migrator = user + "_mig";
        String master = user + "_master";
        // A migration role that can do everything else: CREATEROLE, rds_replication WITH ADMIN OPTION, CREATE on the
        // database, owner of the published table; but no ADMIN OPTION on rds_iam (PostgreSQL 17). The master user is
        // as on AWS: no superuser, a member of rds_superuser, which may grant rds_iam.
        sql(server, db, "CREATE ROLE " + migrator + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'",
                "GRANT rds_replication TO " + migrator + " WITH ADMIN OPTION",
                "GRANT CREATE ON DATABASE " + db + " TO " + migrator,
                "GRANT USAGE ON SCHEMA public TO " + migrator + " WITH GRANT OPTION",
                "ALTER TABLE public.orders OWNER TO " + migrator,
                "CREATE ROLE " + master + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "' IN ROLE rds_superuser");
        if (roleExists) {
            sql(server, db, "CREATE ROLE \"" + user + "\" LOGIN");
        }
        Map<String, String> asMigrator = Map.of("FLYWAY_PASSWORD", PASSWORD,
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_PUBLICATION_SCOPE", "tables",
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_TABLES", "public.orders");
        CatalogSnapshot before = CatalogSnapshot.take(server, db);

        for (String command : List.of("check", "migrate")) {
            CliRun refused = runAs(server, db, migrator, user, asMigrator, command, "--auth=iam", "--json");
            assertEquals(Main.REFUSED, refused.exitCode(), refused.all());
            assertEquals(List.of("CANNOT_GRANT_RDS_IAM"), errors(refused), command + ": " + refused.out());
            assertEquals(before, CatalogSnapshot.take(server, db), command + " wrote to the catalog");
        }
        String fix = (String) runAs(server, db, migrator, user, asMigrator, "check", "--auth=iam", "--json")
                .finding("CANNOT_GRANT_RDS_IAM").get("fix");
        String prefix = "have it run: ";
        assertTrue(fix.contains(prefix), fix);
        assertEquals(!roleExists, fix.contains("CREATE ROLE \"" + user + "\" LOGIN;"), fix);

        // The fix, run literally by the master user.
        try (Connection connection = server.login(db, master, PASSWORD)) {
            Sql.execute(connection, fix.substring(fix.indexOf(prefix) + prefix.length()));
        }
        CliRun migrate = runAs(server, db, migrator, user, asMigrator, "migrate", "--auth=iam");

        assertEquals(Main.OK, migrate.exitCode(), migrate.all());
        try (Connection connection = server.superuser(db)) {
            assertIamLogin(connection, user);
            assertTrue(Sql.bool(connection, "SELECT has_table_privilege(?, 'public.orders', 'SELECT')::text", user));
            assertFalse(member(connection, migrator, "rds_iam"),
                    "the fix must not make the migrating role an IAM-only login");
        }
        try (Connection ignored = server.login(db, migrator, PASSWORD)) {
            // The migrating role still logs in with its password.
        }
    }

    /** {@code migrate --auth=iam --json} on a fresh database: refused (exit 2), the catalog exactly as before. */
    private static CliRun refusedWritingNothing(ServerSpec spec, Map<String, String> environment)
            throws SQLException {
        TestServer server = TestServers.get(spec);
        String db = database(server);
        CatalogSnapshot before = CatalogSnapshot.take(server, db);
        CliRun migrate = run(server, db, uniqueUser(), environment, "migrate", "--auth=iam", "--json");
        assertEquals(Main.REFUSED, migrate.exitCode(), migrate.all());
        assertEquals(before, CatalogSnapshot.take(server, db), "the refused run wrote to the catalog");
        return migrate;
    }

    private static CliRun run(TestServer server, String db, String user, Map<String, String> environment,
                              String command, String... more) {
        CliRun result = CliRun.asSuperuser(environment, server.jdbcUrl(db), user, command, more);
        assertFalse(result.all().contains(PASSWORD), "the password must never be printed:\n" + result.all());
        return result;
    }

    private static CliRun runAs(TestServer server, String db, String migrator, String user,
                                Map<String, String> environment, String command, String... more) {
        CliRun result = CliRun.as(environment, server.jdbcUrl(db), migrator, user, command, more);
        assertFalse(result.all().contains(PASSWORD), "the password must never be printed:\n" + result.all());
        return result;
    }

    private static String database(TestServer server) throws SQLException {
        String db = server.createDatabase();
        sql(server, db, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        return db;
    }

    private static String uniqueUser() {
        return "cp_iam_" + Long.toHexString(System.nanoTime());
    }

    /** The codes of the --json document's ERROR findings. */
    @SuppressWarnings("unchecked")
    private static List<String> errors(CliRun run) {
        return ((List<Map<String, Object>>) run.json().get("findings")).stream()
                .filter(finding -> "ERROR".equals(finding.get("severity"))).map(finding -> (String) finding.get("code"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> clickpipe(CliRun info) {
        return (Map<String, Object>) info.json().get("clickpipe");
    }

    /** LOGIN, members of rds_iam and rds_replication, and no password at all. */
    private static void assertIamLogin(Connection connection, String user) throws SQLException {
        assertTrue(member(connection, user, "rds_iam"), "not a member of rds_iam");
        assertTrue(member(connection, user, "rds_replication"), "not a member of rds_replication");
        assertEquals("true|null", Sql.text(connection, "SELECT rolcanlogin || '|' || coalesce(rolpassword, 'null') "
                + "FROM pg_authid WHERE rolname = ?", user), "LOGIN and no password at all");
    }

    private static boolean member(Connection connection, String user, String group) throws SQLException {
        return Sql.bool(connection, "SELECT pg_has_role(?, ?, 'MEMBER')::text", user, group);
    }

    private static void sql(TestServer server, String db, String... statements) throws SQLException {
        try (Connection connection = server.superuser(db)) {
            Sql.execute(connection, statements);
        }
    }
}
