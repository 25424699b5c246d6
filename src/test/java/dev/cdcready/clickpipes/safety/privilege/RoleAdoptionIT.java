package dev.cdcready.clickpipes.safety.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.Causes;
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
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Only a role shaped for CDC becomes clickpipes_user. An existing role with rights beyond the documented set — an
 * administrator's group, the migrating role's own, a writer, a role manager, the application's table owner, a group
 * with members — is refused with ROLE_NOT_CDC_SHAPED naming the right and its fix: the catalog is unchanged and the
 * role still logs in with its own password. A role set up by hand per the ClickPipes guide is adopted. On PostgreSQL
 * 16 and 12 (superuser migrating) and the Aurora surface of 17 (an rds_superuser master user migrating, as on AWS).
 */
class RoleAdoptionIT {

    private static final String OLD_PASSWORD = "Old-own-pw-1";
    private static final String CONFIGURED_PASSWORD = "Configured-pw-2";
    private static final String MASTER_PASSWORD = "Master-pw-3";

    /** Where the bundle runs: a fresh database, the role to adopt, and the migrating role. */
    private record Target(TestServer server, String database, String user, String migrator, DataSource dataSource) {

        static Target create(String flavor) throws SQLException {
            String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            TestServer server = TestServers.get(switch (flavor) {
                case "aurora" -> ServerSpec.aurora(17);
                case "plain12" -> ServerSpec.plain(12);
                default -> ServerSpec.plain(16);
            });
            String database = server.createDatabase();
            String migrator = flavor.equals("aurora") ? "master_" + suffix : "postgres";
            try (Connection admin = server.superuser(database)) {
                Sql.execute(admin, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                        "INSERT INTO public.orders VALUES (1, 'first')");
                if (flavor.equals("aurora")) {
                    // As on AWS: the master user is no superuser; it holds rds_superuser and CREATEROLE, and owns
                    // the database (so public, owned by pg_database_owner on 15+, is its to grant).
                    Sql.execute(admin, "CREATE ROLE " + migrator + " LOGIN CREATEROLE PASSWORD '" + MASTER_PASSWORD
                                    + "'", "GRANT rds_superuser TO " + migrator,
                            "ALTER DATABASE " + database + " OWNER TO " + migrator,
                            "ALTER TABLE public.orders OWNER TO " + migrator);
                }
            }
            DataSource dataSource;
            if (flavor.equals("aurora")) {
                PGSimpleDataSource master = new PGSimpleDataSource();
                master.setURL(server.jdbcUrl(database));
                master.setUser(migrator);
                master.setPassword(MASTER_PASSWORD);
                dataSource = master;
            } else {
                dataSource = server.superuserDataSource(database);
            }
            return new Target(server, database, "cp_adopt_" + suffix, migrator, dataSource);
        }

        void migrate() {
            Map<String, String> placeholders = Map.of("clickpipes_user", user, "clickpipes_password",
                    CONFIGURED_PASSWORD, "clickpipes_publication_scope", "tables", "clickpipes_tables",
                    "public.orders");
            ClickPipesFlyway.flyway(dataSource, placeholders).migrate();
        }

        void superuser(String... statements) throws SQLException {
            try (Connection admin = server.superuser(database)) {
                Sql.execute(admin, statements);
            }
        }

        /** As the migrating role, as a DBA following the guide would. */
        void asMigrator(String... statements) throws SQLException {
            try (Connection connection = dataSource.getConnection()) {
                Sql.execute(connection, statements);
            }
        }

        boolean logsIn(String password) {
            try (Connection ignored = server.login(database, user, password)) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        }
    }

    /** The role's own setup (with {@code %u} for it, {@code %m} for the migrating role), and what must be named. */
    static Stream<Arguments> overPrivilegedRoles() {
        return Stream.of(
                Arguments.of("aurora", "member of rds_superuser",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'", "GRANT rds_superuser TO %u"),
                        "member of rds_superuser", "REVOKE rds_superuser FROM %u;"),
                Arguments.of("aurora", "member of the migrating role",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'", "GRANT %m TO %u"),
                        "member of %m", "REVOKE %m FROM %u;"),
                Arguments.of("aurora", "held by the migrating role",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'", "GRANT %u TO %m"),
                        "is held by the migrating role %m", "REVOKE %u FROM %m;"),
                Arguments.of("plain", "member of pg_write_all_data",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'", "GRANT pg_write_all_data TO %u"),
                        "member of pg_write_all_data", "REVOKE pg_write_all_data FROM %u;"),
                Arguments.of("plain", "CREATEROLE",
                        List.of("CREATE ROLE %u LOGIN CREATEROLE PASSWORD '%p'"),
                        "attribute CREATEROLE", "ALTER ROLE %u NOCREATEROLE;"),
                Arguments.of("plain12", "member of pg_read_all_settings, on PostgreSQL 12",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'", "GRANT pg_read_all_settings TO %u"),
                        "member of pg_read_all_settings", "REVOKE pg_read_all_settings FROM %u;"),
                Arguments.of("plain12", "EXECUTE on a function, on PostgreSQL 12",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'",
                                "CREATE FUNCTION public.bump() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                                "REVOKE EXECUTE ON FUNCTION public.bump() FROM PUBLIC",
                                "GRANT EXECUTE ON FUNCTION public.bump() TO %u"),
                        "function public.bump(): EXECUTE", "REVOKE EXECUTE ON ROUTINE public.bump() FROM %u;"),
                Arguments.of("plain", "owner of the application's tables",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'", "ALTER TABLE public.orders OWNER TO %u"),
                        "owns table", "REASSIGN OWNED BY %u TO %m;"),
                Arguments.of("plain", "write privilege on a table",
                        List.of("CREATE ROLE %u LOGIN PASSWORD '%p'", "GRANT USAGE ON SCHEMA public TO %u",
                                "GRANT SELECT, INSERT ON public.orders TO %u"),
                        "table public.orders: INSERT", "REVOKE INSERT ON TABLE public.orders FROM %u;"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overPrivilegedRoles")
    void overPrivilegedRoleIsRefusedCatalogAndPasswordUnchanged(String flavor, String description,
                                                                 List<String> setup, String named, String fix)
            throws SQLException {
        Target target = Target.create(flavor);
        target.superuser(setup.stream().map(s -> fill(s, target)).toArray(String[]::new));
        CatalogSnapshot before = CatalogSnapshot.take(target.server(), target.database());

        RuntimeException refused = assertThrows(RuntimeException.class, target::migrate);

        String message = Causes.messages(refused);
        assertTrue(message.contains("ROLE_NOT_CDC_SHAPED"), message);
        assertTrue(message.contains(fill(named, target)), () -> "names " + fill(named, target) + ": " + message);
        assertTrue(message.contains(fill(fix, target)), () -> "gives the fix " + fill(fix, target) + ": " + message);
        assertFalse(message.contains(OLD_PASSWORD) || message.contains(CONFIGURED_PASSWORD), message);
        assertEquals(before, CatalogSnapshot.take(target.server(), target.database()), "nothing was written");
        assertTrue(target.logsIn(OLD_PASSWORD), "the role still logs in with its own password");
        assertFalse(target.logsIn(CONFIGURED_PASSWORD), "the configured password was not set");
    }

    @Test
    void groupRoleWithMembersIsRefusedAndNotGivenLogin() throws SQLException {
        Target target = Target.create("plain");
        String member = target.user() + "_member";
        target.superuser("CREATE ROLE " + target.user() + " NOLOGIN", "CREATE ROLE " + member + " LOGIN",
                "GRANT " + target.user() + " TO " + member);
        CatalogSnapshot before = CatalogSnapshot.take(target.server(), target.database());

        RuntimeException refused = assertThrows(RuntimeException.class, target::migrate);

        String message = Causes.messages(refused);
        assertTrue(message.contains("ROLE_NOT_CDC_SHAPED") && message.contains("has member " + member), message);
        assertTrue(message.contains("REVOKE " + target.user() + " FROM " + member + ";"), message);
        assertEquals(before, CatalogSnapshot.take(target.server(), target.database()), "nothing was written");
        try (Connection admin = target.server().superuser(target.database())) {
            assertEquals("false", Sql.text(admin, "SELECT rolcanlogin::text FROM pg_catalog.pg_roles "
                    + "WHERE rolname = ?", target.user()), "the group role was not given LOGIN");
        }
    }

    @Test
    void refusalsFixRunLiterallyMakesTheRoleAdoptable() throws SQLException {
        Target target = Target.create("plain");
        target.superuser(fill("CREATE ROLE %u LOGIN CREATEDB PASSWORD '" + CONFIGURED_PASSWORD + "'", target),
                fill("GRANT CREATE ON SCHEMA public TO %u", target),
                fill("GRANT pg_read_all_stats TO %u", target));
        RuntimeException refused = assertThrows(RuntimeException.class, target::migrate);
        String remediation = Causes.find(refused, PreCheckRefusedException.class).orElseThrow().report().findings()
                .stream().filter(f -> f.code().name().equals("ROLE_NOT_CDC_SHAPED")).findFirst().orElseThrow().remediation();
        String marker = "remove the excess rights: ";
        String fixes = remediation.substring(remediation.indexOf(marker) + marker.length());
        for (String expected : List.of("ALTER ROLE %u NOCREATEDB;", "REVOKE CREATE ON SCHEMA public FROM %u;",
                "REVOKE pg_read_all_stats FROM %u;")) {
            assertTrue(fixes.contains(fill(expected, target)), fixes);
        }

        target.superuser(fixes);
        target.migrate();

        assertTrue(target.logsIn(CONFIGURED_PASSWORD));
    }

    @Test
    void roleThatOwnsObjectsInAnotherDatabaseIsRefusedNamingThatDatabase() throws SQLException {
        Target target = Target.create("plain");
        String elsewhere = target.server().createDatabase();
        target.superuser(fill("CREATE ROLE %u LOGIN PASSWORD '%p'", target));
        try (Connection other = target.server().superuser(elsewhere)) {
            Sql.execute(other, "CREATE TABLE public.ledger (id int PRIMARY KEY)",
                    "ALTER TABLE public.ledger OWNER TO " + target.user());
        }
        CatalogSnapshot before = CatalogSnapshot.take(target.server(), target.database());

        String message = Causes.messages(assertThrows(RuntimeException.class, target::migrate));

        assertTrue(message.contains("owns objects in database " + elsewhere), message);
        assertTrue(message.contains("/* in database " + elsewhere + " */ REASSIGN OWNED BY " + target.user() + " TO "
                + target.migrator() + ";"), message);
        assertEquals(before, CatalogSnapshot.take(target.server(), target.database()), "nothing was written");
        assertTrue(target.logsIn(OLD_PASSWORD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guideSetups")
    void roleSetUpByHandPerTheGuideIsAdoptedAndKeepsItsPassword(String flavor, List<String> guide)
            throws SQLException {
        Target target = Target.create(flavor);
        List<String> asMigrator = new ArrayList<>();
        guide.forEach(s -> asMigrator.add(fill(s, target).replace("'%p'", "'" + CONFIGURED_PASSWORD + "'")));
        target.asMigrator(asMigrator.toArray(String[]::new));

        target.migrate();

        assertTrue(target.logsIn(CONFIGURED_PASSWORD), "adopted, with the password it already had");
        try (Connection login = target.server().login(target.database(), target.user(), CONFIGURED_PASSWORD)) {
            assertEquals("first", Sql.text(login, "SELECT note FROM public.orders WHERE id = 1"));
        }
    }

    static Stream<Arguments> guideSetups() {
        return Stream.of(
                Arguments.of("plain", List.of("CREATE ROLE %u LOGIN REPLICATION BYPASSRLS PASSWORD '" + CONFIGURED_PASSWORD
                                + "'", "GRANT USAGE ON SCHEMA public TO %u", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %u",
                        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %u")),
                Arguments.of("aurora", List.of("CREATE ROLE %u LOGIN PASSWORD '" + CONFIGURED_PASSWORD + "'",
                        "GRANT rds_replication TO %u", "GRANT USAGE ON SCHEMA public TO %u",
                        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %u",
                        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %u")));
    }

    private static String fill(String template, Target target) {
        return template.replace("%u", target.user()).replace("%m", target.migrator()).replace("%p", OLD_PASSWORD);
    }
}
