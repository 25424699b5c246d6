package dev.cdcready.clickpipes.safety.searchpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.connection.SearchPath;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.PreCheckReport;
import dev.cdcready.clickpipes.precheck.Severity;
import dev.cdcready.clickpipes.step.PreCheck;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.PlantedMarkers;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 9 against the master user's session, on real servers: planted code must leave no marker in
 * the server log (asserted on the log itself), and a refusal must leave the catalog as it was.
 */
class SearchPathAttackIT {

    private static final String PASSWORD = "Search-path-secret-1";
    private static final String ATTACK_MARKER = "CLICKPIPES_PLANTED_CALLED attack";

    @Test
    void anOperatorAPlainRolePlantedInPublicOnPostgres14NeverRunsAndPublicCreateIsWarned() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(14));
        String database = server.createDatabase();
        String attacker = unique("attacker");
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE ROLE " + attacker + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
        try (Connection login = server.login(database, attacker, PASSWORD)) {
            // No grant needed: on PostgreSQL 12-14 PUBLIC may CREATE in public.
            Sql.execute(login, """
                    CREATE FUNCTION public.cp_eq(name, varchar) RETURNS boolean LANGUAGE plpgsql AS $f$
                    BEGIN
                        RAISE LOG '%%', '%s';
                        BEGIN
                            EXECUTE 'ALTER ROLE %s SUPERUSER';
                        EXCEPTION WHEN insufficient_privilege THEN NULL;
                        END;
                        RETURN $1 OPERATOR(pg_catalog.=) $2::pg_catalog.text;
                    END $f$""".formatted(ATTACK_MARKER, attacker),
                    "CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = varchar, FUNCTION = public.cp_eq)");
        }
        PlantedMarkers.read(server);

        ClickPipesFlyway.flyway(server.superuserDataSource(database), placeholders(unique("cp"))).migrate();

        assertEquals(List.of(), PlantedMarkers.read(server), "no planted code ran during migrate");
        try (Connection admin = server.superuser(database)) {
            assertEquals("false", Sql.text(admin, "SELECT rolsuper::text FROM pg_catalog.pg_roles "
                    + "WHERE rolname OPERATOR(pg_catalog.=) ?::text", attacker));
            PreCheckReport report = PreCheck.run(pinned(admin), SettingsReader.read(placeholders(unique("cp")),
                    Map.of()), server.jdbcUrl(database));
            Finding warning = only(report, "PUBLIC_CAN_CREATE");
            assertEquals(Severity.WARNING, warning.severity());
            assertTrue(warning.message().contains("public"), warning.message());
            assertEquals("REVOKE CREATE ON SCHEMA \"public\" FROM PUBLIC;", warning.remediation());
        }
    }

    @Test
    void aHistorySchemaTheDatabaseOwnerMadeIsRefusedBeforeItsOperatorRuns() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String owner = plantHistorySchemaAsDatabaseOwner(server, database);
        String user = unique("cp");
        PlantedMarkers.read(server);

        RuntimeException refused = assertThrows(RuntimeException.class, () -> ClickPipesFlyway.flyway(
                server.superuserDataSource(database), placeholders(user)).migrate());

        String message = Causes.messages(refused);
        assertTrue(message.contains("UNSAFE_HISTORY_SCHEMA") && message.contains("owned by " + owner)
                && message.contains("DROP SCHEMA \"clickpipes_flyway\" CASCADE;"), message);
        assertEquals(List.of(), PlantedMarkers.read(server), "the planted operator never ran");
        try (Connection admin = server.superuser(database)) {
            assertFalse(Sql.roleExists(admin, user), "no role was created");
            assertEquals("0", Sql.text(admin, "SELECT pg_catalog.count(*)::text FROM pg_catalog.pg_class "
                    + "WHERE relnamespace OPERATOR(pg_catalog.=) 'clickpipes_flyway'::regnamespace"),
                    "Flyway created no history table");
        }
    }

    @Test
    void onAHostThatHandsOverItsOwnConnectionTheCallbackRefusesTheDatabaseOwnersHistorySchema() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        plantHistorySchemaAsDatabaseOwner(server, database);
        String user = unique("cp");
        PlantedMarkers.read(server);

        // As the Flyway CLI with the documented URL: not ClickPipesFlyway, so only the callback can refuse.
        RuntimeException refused = assertThrows(RuntimeException.class, () -> Flyway.configure(
                        SearchPathAttackIT.class.getClassLoader())
                .dataSource(server.pinnedSuperuserDataSource(database))
                .locations(ClickPipesFlyway.LOCATION)
                .callbacks(ClickPipesFlyway.CALLBACK)
                .table(ClickPipesFlyway.HISTORY_TABLE)
                .schemas(ClickPipesFlyway.HISTORY_SCHEMA)
                .placeholders(placeholders(user))
                .load().migrate());

        assertTrue(Causes.messages(refused).contains("UNSAFE_HISTORY_SCHEMA"), Causes.messages(refused));
        assertEquals(List.of(), PlantedMarkers.read(server), "the planted operator never ran");
        try (Connection admin = server.superuser(database)) {
            assertFalse(Sql.roleExists(admin, user), "no role was created");
        }
    }

    @Test
    void aPooledConnectionGetsItsSearchPathBackAfterTheBundle() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        List<Connection> sessions = List.of(unpinned(server, database), unpinned(server, database),
                unpinned(server, database));
        try {
            String before = searchPath(sessions.get(0));

            ClickPipesFlyway.flyway(pool(sessions), placeholders(unique("cp"))).migrate();

            for (Connection session : sessions) {
                assertEquals(before, searchPath(session), "each pooled session has its own search_path again");
            }
        } finally {
            for (Connection session : sessions) {
                session.close();
            }
        }
    }

    @Test
    void aHistorySchemaOthersMayCreateInIsRefusedNamingThem() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(16));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE SCHEMA " + ClickPipesFlyway.HISTORY_SCHEMA,
                    "GRANT CREATE ON SCHEMA " + ClickPipesFlyway.HISTORY_SCHEMA + " TO PUBLIC");
        }
        String user = unique("cp");

        RuntimeException refused = assertThrows(RuntimeException.class, () -> ClickPipesFlyway.flyway(
                server.superuserDataSource(database), placeholders(user)).migrate());

        String message = Causes.messages(refused);
        assertTrue(message.contains("UNSAFE_HISTORY_SCHEMA") && message.contains("PUBLIC may CREATE in it")
                && message.contains("REVOKE CREATE ON SCHEMA \"clickpipes_flyway\" FROM PUBLIC"), message);
        try (Connection admin = server.superuser(database)) {
            assertFalse(Sql.roleExists(admin, user), "no role was created");
        }
    }

    @Test
    void aShadowingFunctionOrOperatorOnTheSessionSearchPathIsRefusedNamingItAndItsOwner() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.aurora(16));
        String database = server.createDatabase();
        try (Connection admin = server.superuser(database)) {
            // An extension's operators on its own types are what it is for: never a finding.
            Sql.execute(admin, "CREATE EXTENSION citext SCHEMA public");
        }
        Map<String, String> placeholders = placeholders(unique("cp"));

        // As the Flyway CLI hands it over without the URL setting: the database's search_path, public first.
        PreCheckReport unpinned;
        try (Connection connection = unpinned(server, database)) {
            unpinned = PreCheck.run(connection, SettingsReader.read(placeholders, Map.of()), server.jdbcUrl(database));
        }
        Finding shadowing = only(unpinned, "SHADOWING_OBJECT");
        assertEquals(Severity.ERROR, shadowing.severity());
        assertTrue(shadowing.message().contains("function planted.pg_is_in_recovery() owned by clickpipes_planter")
                && shadowing.message().contains(
                        "operator planted.=(name, character varying) owned by clickpipes_planter")
                && !shadowing.message().contains("citext"), shadowing.message());
        assertTrue(shadowing.remediation().contains("DROP FUNCTION planted.pg_is_in_recovery();")
                && shadowing.remediation().contains("DROP OPERATOR planted.= (name, character varying);")
                && shadowing.remediation().contains("options=-c%20search_path%3Dpg_catalog"),
                shadowing.remediation());

        // With the URL setting the README gives, nothing outside pg_catalog is on the path: no finding.
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database)
                + "?options=-c%20search_path%3Dpg_catalog", superuser())) {
            PreCheckReport pinned = PreCheck.run(connection, SettingsReader.read(placeholders, Map.of()),
                    server.jdbcUrl(database));
            assertTrue(pinned.findings().stream().noneMatch(f -> f.code().name().equals("SHADOWING_OBJECT")),
                    pinned.findings().toString());
        }
    }

    @Test
    void insideTheMigrationsAndTheCallbackTheSearchPathIsPgCatalogAndTheHistorySchemaOnly() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        SearchPathProbe probe = new SearchPathProbe(List.of("DO $guard$",
                "pg_catalog.set_config('lock_timeout'", "pg_catalog.current_setting('server_version_num')::int,"));

        ClickPipesFlyway.flyway(probe.wrap(server.superuserDataSource(database)), placeholders(unique("cp")))
                .migrate();

        List<String> seen = probe.seen();
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("DO $guard$"))
                && seen.stream().anyMatch(s -> s.startsWith("pg_catalog.set_config"))
                && seen.stream().anyMatch(s -> s.startsWith("pg_catalog.current_setting")), seen.toString());
        List<String> unsafe = seen.stream()
                .filter(s -> !List.of("pg_catalog", "clickpipes_flyway,pg_catalog")
                        .contains(s.substring(s.indexOf(" -> ") + 4).replace("\"", "").replace(" ", "")))
                .collect(Collectors.toList());
        assertEquals(List.of(), unsafe, "every statement saw only pg_catalog and the history schema: " + seen);
    }

    /** A non-superuser database owner makes the bundle's history schema first, with an {@code =} operator in it. */
    private static String plantHistorySchemaAsDatabaseOwner(TestServer server, String database) throws SQLException {
        String owner = unique("dbowner");
        try (Connection admin = server.superuser(database)) {
            Sql.execute(admin, "CREATE ROLE " + owner + " LOGIN PASSWORD '" + PASSWORD + "'",
                    "ALTER DATABASE " + database + " OWNER TO " + owner);
        }
        try (Connection login = server.login(database, owner, PASSWORD)) {
            Sql.execute(login, "CREATE SCHEMA " + ClickPipesFlyway.HISTORY_SCHEMA, """
                    CREATE FUNCTION clickpipes_flyway.cp_eq(name, varchar) RETURNS boolean LANGUAGE plpgsql AS $f$
                    BEGIN
                        RAISE LOG '%s';
                        RETURN $1 OPERATOR(pg_catalog.=) $2::pg_catalog.text;
                    END $f$""".formatted(ATTACK_MARKER),
                    "CREATE OPERATOR clickpipes_flyway.= (LEFTARG = name, RIGHTARG = varchar, "
                            + "FUNCTION = clickpipes_flyway.cp_eq)");
        }
        return owner;
    }

    private static String searchPath(Connection session) throws SQLException {
        try (var statement = session.createStatement();
             var rs = statement.executeQuery("SELECT pg_catalog.current_setting('search_path')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A minimal pool: getConnection lends a free session, close gives it back open, as HikariCP does. */
    private static DataSource pool(List<Connection> sessions) {
        Deque<Connection> free = new ArrayDeque<>(sessions);
        return (DataSource) Proxy.newProxyInstance(SearchPathAttackIT.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Connection lent = free.pop();
                    return Proxy.newProxyInstance(SearchPathAttackIT.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("close")) {
                                    free.push(lent);
                                    return null;
                                }
                                try {
                                    return m.invoke(lent, a);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }

    private static Connection pinned(Connection connection) {
        SearchPath.pin(connection);
        return connection;
    }

    private static Connection unpinned(TestServer server, String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), superuser());
    }

    private static Properties superuser() {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        return properties;
    }

    private static Finding only(PreCheckReport report, String code) {
        List<Finding> found = report.findings().stream().filter(f -> f.code().name().equals(code)).toList();
        assertEquals(1, found.size(), () -> code + " in " + report.findings());
        return found.get(0);
    }

    private static Map<String, String> placeholders(String user) {
        return Map.of("clickpipes_user", user, "clickpipes_password", PASSWORD);
    }

    private static String unique(String purpose) {
        return purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
