package dev.cdcready.clickpipes.safety.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.catalog.Catalog;
import dev.cdcready.clickpipes.catalog.DocumentedRights;
import dev.cdcready.clickpipes.catalog.RoleRights;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.SettingsReader;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What clickpipes_user can do after a migrate, proven as the real login: it reads the configured schema, and every
 * write, every CREATE, reading an unconfigured schema and touching the publication are denied; its effective
 * privileges, computed over the whole catalog, are exactly the documented set. On plain PostgreSQL (migrated by the
 * superuser) and on the Aurora surface (migrated by an rds_superuser master user, as on AWS).
 */
class LeastPrivilegeIT {

    private static final String PASSWORD = "Least-pw-1";
    private static final Map<String, Setup> SETUPS = new HashMap<>();

    /** One migrated database per flavor, shared by both tests of that flavor. */
    private record Setup(TestServer server, String database, String user, String migrator) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "aurora"})
    void everyWriteCreateForeignReadAndPublicationChangeIsDenied(String flavor) throws SQLException {
        Setup setup = setup(flavor);
        try (Connection login = setup.server().login(setup.database(), setup.user(), PASSWORD);
             Statement statement = login.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM sales.orders")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "clickpipes_user must read the configured schema");
            }
            List<String> allowed = new ArrayList<>();
            for (String sql : List.of(
                    "INSERT INTO sales.orders VALUES (2, 1)",
                    "UPDATE sales.orders SET amount = 0",
                    "DELETE FROM sales.orders",
                    "TRUNCATE sales.orders",
                    "CREATE TABLE sales.mine (id int)",
                    "CREATE VIEW sales.mine AS SELECT 1",
                    "CREATE TABLE public.mine (id int)",
                    "CREATE SCHEMA mine",
                    "SELECT * FROM secret.payroll",
                    "SELECT * FROM sales.orders FOR UPDATE",
                    "ALTER PUBLICATION clickpipes_publication OWNER TO " + setup.user(),
                    "ALTER PUBLICATION clickpipes_publication SET (publish = 'insert')",
                    "DROP PUBLICATION clickpipes_publication",
                    "CREATE PUBLICATION mine FOR TABLE sales.orders",
                    "CREATE ROLE mine",
                    "SET ROLE " + setup.migrator())) {
                SQLException denied = assertThrows(SQLException.class, () -> statement.execute(sql),
                        () -> "clickpipes_user was allowed: " + sql);
                if (!"42501".equals(denied.getSQLState())) {
                    allowed.add(sql + " -> " + denied.getSQLState() + " " + denied.getMessage());
                }
            }
            assertEquals(List.of(), allowed, "every statement must fail with 42501 insufficient_privilege");
        }
        try (Connection admin = setup.server().superuser(setup.database()); Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM sales.orders")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "a denied statement changed the data");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "aurora"})
    void effectivePrivilegesAreExactlyTheDocumentedSet(String flavor) throws SQLException {
        Setup setup = setup(flavor);
        List<String> expected = new ArrayList<>(List.of(
                "attribute LOGIN",
                "default privilege from " + setup.migrator() + " in sales on r: SELECT",
                "schema clickpipes_flyway: USAGE",
                "schema sales: USAGE",
                "table clickpipes_flyway.clickpipes_schema_history: SELECT",
                "table sales.orders: SELECT"));
        expected.add(flavor.equals("aurora") ? "member of rds_replication" : "attribute REPLICATION");
        expected.sort(null);
        try (Connection admin = setup.server().superuser(setup.database())) {
            assertEquals(expected, rights(admin, setup.user()), "clickpipes_user's privileges beyond PUBLIC");
            ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", setup.user(),
                    "clickpipes_schemas", "sales"), Map.of());
            assertEquals(List.of(), DocumentedRights.excess(new Catalog(admin), settings),
                    "the documented set is exactly what the bundle grants");
        }
    }

    /** The instrument itself: privileges granted to a probe role are all found, so an empty difference means something. */
    @org.junit.jupiter.api.Test
    void effectivePrivilegesFindEveryKindOfGrant() throws SQLException {
        Setup setup = setup("plain");
        String probe = setup.user() + "_probe";
        try (Connection admin = setup.server().superuser(setup.database()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + probe + " CREATEDB");
            statement.execute("GRANT INSERT ON secret.payroll TO " + probe);
            statement.execute("GRANT UPDATE (salary) ON secret.payroll TO " + probe);
            statement.execute("GRANT CREATE ON SCHEMA secret TO " + probe);
            statement.execute("GRANT CREATE ON DATABASE " + setup.database() + " TO " + probe);
            statement.execute("GRANT pg_read_all_stats TO " + probe);
            statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA secret GRANT DELETE ON TABLES TO " + probe);
            List<String> found = rights(admin, probe);
            for (String line : List.of("attribute CREATEDB", "table secret.payroll: INSERT",
                    "column secret.payroll.salary: UPDATE", "schema secret: CREATE",
                    "database " + setup.database() + ": CREATE", "member of pg_read_all_stats",
                    "default privilege from postgres in secret on r: DELETE")) {
                assertTrue(found.contains(line), () -> "not found: " + line + " in " + found);
            }
            statement.execute("DROP OWNED BY " + probe);
            statement.execute("DROP ROLE " + probe);
        }
    }

    /**
     * The judged rights leave out only the reads of the configured schemas (the query skips them instead of listing a
     * row per table): every other right of a role otherwise shaped like clickpipes_user is still reported — SELECT
     * elsewhere, on a sequence, a column elsewhere, default privileges for every schema or of another kind, a write.
     */
    @org.junit.jupiter.api.Test
    void onlyTheConfiguredSchemasReadsAreLeftOutOfTheJudgedRights() throws SQLException {
        Setup setup = setup("plain");
        String probe = setup.user() + "_reads";
        try (Connection admin = setup.server().superuser(setup.database()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE SEQUENCE IF NOT EXISTS sales.counter");
            statement.execute("CREATE ROLE " + probe + " LOGIN");
            for (String grant : List.of("GRANT USAGE ON SCHEMA sales TO %s", "GRANT SELECT ON sales.orders TO %s",
                    "GRANT SELECT (amount) ON sales.orders TO %s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO %s",
                    "GRANT SELECT ON secret.payroll TO %s", "GRANT SELECT (salary) ON secret.payroll TO %s",
                    "GRANT SELECT ON sales.counter TO %s", "GRANT INSERT ON sales.orders TO %s",
                    "GRANT UPDATE (amount) ON sales.orders TO %s",
                    "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO %s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON SEQUENCES TO %s")) {
                statement.execute(grant.formatted(probe));
            }
            ClickPipesSettings settings = SettingsReader.read(Map.of("clickpipes_user", probe,
                    "clickpipes_schemas", "sales"), Map.of());
            List<String> excess = DocumentedRights.excess(new Catalog(admin), settings).stream()
                    .map(RoleRights.Right::what).sorted().toList();
            assertEquals(List.of("column secret.payroll.salary: SELECT", "column sales.orders.amount: UPDATE",
                    "default privilege from postgres in every schema on r: SELECT",
                    "default privilege from postgres in sales on S: SELECT", "sequence sales.counter: SELECT",
                    "table sales.orders: INSERT", "table secret.payroll: SELECT").stream().sorted().toList(), excess);
            List<String> all = rights(admin, probe);
            for (String read : List.of("table sales.orders: SELECT", "column sales.orders.amount: SELECT",
                    "default privilege from postgres in sales on r: SELECT")) {
                assertTrue(all.contains(read), () -> "the full list names " + read + ": " + all);
            }
            statement.execute("DROP OWNED BY " + probe);
            statement.execute("DROP ROLE " + probe);
        }
    }

    /** The bundle's own computation of a role's rights beyond PUBLIC, the one verify and the adoption use. */
    private static List<String> rights(Connection admin, String role) {
        return RoleRights.of(new Catalog(admin), new Identifier(role)).stream().map(RoleRights.Right::what).toList();
    }

    private static synchronized Setup setup(String flavor) throws SQLException {
        Setup existing = SETUPS.get(flavor);
        if (existing != null) {
            return existing;
        }
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        TestServer server = TestServers.get(flavor.equals("aurora") ? ServerSpec.aurora(17) : ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = "cp_least_" + suffix;
        String migrator;
        DataSource dataSource;
        try (Connection admin = server.superuser(database); Statement statement = admin.createStatement()) {
            if (flavor.equals("aurora")) {
                // As on AWS: the master user is no superuser, it holds rds_superuser, CREATEROLE and CREATE.
                migrator = "master_" + suffix;
                statement.execute("CREATE ROLE " + migrator + " LOGIN CREATEROLE PASSWORD 'Master-pw-1'");
                statement.execute("GRANT rds_superuser TO " + migrator);
                statement.execute("GRANT CREATE ON DATABASE " + database + " TO " + migrator);
                PGSimpleDataSource master = new PGSimpleDataSource();
                master.setURL(server.jdbcUrl(database));
                master.setUser(migrator);
                master.setPassword("Master-pw-1");
                dataSource = master;
            } else {
                migrator = "postgres";
                dataSource = server.superuserDataSource(database);
            }
        }
        try (Connection owner = dataSource.getConnection(); Statement statement = owner.createStatement()) {
            statement.execute("CREATE SCHEMA sales");
            statement.execute("CREATE TABLE sales.orders (id int PRIMARY KEY, amount numeric)");
            statement.execute("INSERT INTO sales.orders VALUES (1, 10)");
            statement.execute("CREATE SCHEMA secret");
            statement.execute("CREATE TABLE secret.payroll (id int PRIMARY KEY, salary numeric)");
        }
        Map<String, String> placeholders = new HashMap<>(Map.of("clickpipes_user", user,
                "clickpipes_password", PASSWORD, "clickpipes_schemas", "sales"));
        if (flavor.equals("aurora")) {
            // The test surface's rds_superuser is not the patched one of AWS, which may create FOR ALL TABLES.
            placeholders.putAll(Map.of("clickpipes_publication_scope", "tables", "clickpipes_tables", "sales.orders"));
        }
        ClickPipesFlyway.flyway(dataSource, placeholders).migrate();
        Setup setup = new Setup(server, database, user, migrator);
        SETUPS.put(flavor, setup);
        return setup;
    }
}
