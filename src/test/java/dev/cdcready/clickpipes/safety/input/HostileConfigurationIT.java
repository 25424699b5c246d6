package dev.cdcready.clickpipes.safety.input;

import static dev.cdcready.clickpipes.safety.input.BundleRun.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Hostile and broken values for every setting, each through the real Flyway API: every one is refused with an error
 * that names the setting, and the catalog (roles, memberships, schemas, ACLs, publications, default ACLs, the history
 * schema) is exactly as it was. All cases share one database: a refusal writes nothing, so one case cannot affect the
 * next — and if one did write, its own before/after comparison would fail.
 */
class HostileConfigurationIT {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    /** An existing superuser that is not the migrating role. */
    private static final String OTHER_SUPERUSER = "cp_other_su_" + SUFFIX;
    /** A superuser that runs the migration in the "clickpipes_user is the migrating role" case. */
    private static final String MIGRATOR = "cp_migrator_" + SUFFIX;
    private static final String MIGRATOR_PASSWORD = "Migrator-pw-1";
    private static final String USER = "cp_hostile_" + SUFFIX;
    private static final Path FILES = Path.of(System.getProperty("project.build.directory", "target"),
            "safety-input-" + SUFFIX);
    private static final Path EMPTY_FILE = FILES.resolve("empty-password");
    private static final Path BLANK_FILE = FILES.resolve("blank-password");
    private static final Path NUL_FILE = FILES.resolve("nul-password");
    private static final Path TAB_FILE = FILES.resolve("tab-password");
    private static final String LONG_ASCII = "a".repeat(64);
    private static final String LONG_UNICODE = "ü".repeat(32);

    /** An empty schema a Flyway configuration keeps the bundle's history in, instead of clickpipes_flyway. */
    private static final String HISTORY_ELSEWHERE = "audit";

    private static TestServer server;
    private static String database;

    @BeforeAll
    static void fixture() throws SQLException, IOException {
        server = TestServers.get(ServerSpec.plain(17));
        database = server.createDatabase();
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA sales");
            statement.execute("CREATE TABLE sales.orders (id int PRIMARY KEY)");
            statement.execute("CREATE SCHEMA " + HISTORY_ELSEWHERE);
            statement.execute("CREATE ROLE " + OTHER_SUPERUSER + " SUPERUSER LOGIN");
            statement.execute("CREATE ROLE " + MIGRATOR + " SUPERUSER LOGIN PASSWORD '" + MIGRATOR_PASSWORD + "'");
        }
        Files.createDirectories(FILES);
        Files.writeString(EMPTY_FILE, "", StandardCharsets.UTF_8);
        Files.writeString(BLANK_FILE, "   \t \nsecond-line-is-ignored\n", StandardCharsets.UTF_8);
        Files.writeString(NUL_FILE, "Hostile\u0000pw-1\n", StandardCharsets.UTF_8);
        Files.writeString(TAB_FILE, "Hostile\tpw-1\n", StandardCharsets.UTF_8);
    }

    /**
     * One refused configuration.
     *
     * @param setting the text the error must contain: the setting's name
     * @param values placeholders over the valid base configuration; a null value removes the placeholder
     * @param asMigrator run as {@link #MIGRATOR} instead of the superuser postgres
     */
    record Refusal(String setting, Map<String, String> values, boolean asMigrator) {
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refusals")
    void hostileOrBrokenValueIsRefusedNamingTheSettingAndWritesNothing(String description, Refusal refusal)
            throws SQLException {
        Map<String, String> placeholders = new HashMap<>(Map.of("clickpipes_user", USER,
                "clickpipes_password", "Hostile-pw-1", "clickpipes_schemas", "sales"));
        refusal.values().forEach((key, value) -> {
            if (value == null) {
                placeholders.remove(key);
            } else {
                placeholders.put(key, value);
            }
        });
        DataSource dataSource = refusal.asMigrator() ? migratorDataSource() : server.superuserDataSource(database);
        assertRefused(server, database, dataSource, placeholders, refusal.setting());
    }

    @Test
    void schemaTheFlywayConfigurationKeepsItsHistoryInIsRefusedBeforeFlywayCreatesTheTable() throws SQLException {
        Map<String, String> placeholders = Map.of("clickpipes_user", USER, "clickpipes_password", "Hostile-pw-1",
                "clickpipes_schemas", "sales," + HISTORY_ELSEWHERE);
        CatalogSnapshot before = CatalogSnapshot.take(server, database);
        Flyway flyway = ClickPipesFlyway.configure(Flyway.configure(ClickPipesFlyway.class.getClassLoader())
                .dataSource(server.superuserDataSource(database)).placeholders(placeholders))
                .schemas(HISTORY_ELSEWHERE).defaultSchema(HISTORY_ELSEWHERE).load();
        RuntimeException error = assertThrows(RuntimeException.class, flyway::migrate);
        String text = BundleRun.chainText(error);
        assertTrue(text.contains("clickpipes_schemas") && text.contains("history table"), text);
        assertEquals(before, CatalogSnapshot.take(server, database), text);
        try (Connection connection = server.superuser(database)) {
            assertEquals(null, BundleRun.scalar(connection, "SELECT pg_catalog.to_regclass(?::pg_catalog.text)::text",
                    HISTORY_ELSEWHERE + ".clickpipes_schema_history"), "Flyway created its history table");
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> refusals() {
        List<Object[]> cases = new ArrayList<>();
        String user = "clickpipes_user";
        // clickpipes_user: characters that could change a statement, names PostgreSQL would mangle, reserved roles.
        add(cases, "user with a double quote", user, user, "cp\"user");
        add(cases, "user with \"; and SQL after it", user, user, "cp\";DROP ROLE postgres;--");
        add(cases, "user starting with $$", user, user, "$$cp$$");
        add(cases, "user with ${", user, user, "cp${x}");
        add(cases, "user with a backslash", user, user, "cp\\user");
        add(cases, "user with NUL", user, user, "cp\u0000user");
        add(cases, "user with a newline", user, user, "cp\nuser");
        add(cases, "user with a single quote", user, user, "cp'user");
        add(cases, "user with a space", user, user, "cp user");
        add(cases, "user of 64 ASCII bytes", user, user, LONG_ASCII);
        add(cases, "user of 64 UTF-8 bytes (32 x ü)", user, user, LONG_UNICODE);
        add(cases, "user empty", user, user, "");
        add(cases, "user only white space", user, user, "   ");
        add(cases, "user with a leading space", user, user, " cp_user");
        add(cases, "user postgres", user, user, "postgres");
        add(cases, "user public", user, user, "public");
        add(cases, "user PUBLIC in capitals", user, user, "PUBLIC");
        add(cases, "user pg_monitor", user, user, "pg_monitor");
        add(cases, "user Pg_Custom (pg_ prefix, mixed case)", user, user, "Pg_Custom");
        add(cases, "user rds_superuser", user, user, "rds_superuser");
        add(cases, "user rds_replication", user, user, "rds_replication");
        add(cases, "user current_user", user, user, "current_user");
        add(cases, "user an existing superuser", user, user, OTHER_SUPERUSER);
        cases.add(new Object[] {"user is the migrating role", new Refusal(user, Map.of(user, MIGRATOR), true)});

        // Passwords: empty or blank from each source.
        add(cases, "password empty (no password at all)", "CLICKPIPES_PASSWORD", "clickpipes_password", "");
        add(cases, "password only spaces", "clickpipes_password", "clickpipes_password", "    ");
        add(cases, "password only tab and newline", "clickpipes_password", "clickpipes_password", "\t\n");
        add(cases, "password file missing", "clickpipes_password_file", "clickpipes_password_file",
                FILES.resolve("no-such-file").toString());
        add(cases, "password file empty", "clickpipes_password_file", "clickpipes_password_file",
                EMPTY_FILE.toString());
        add(cases, "password file first line blank", "clickpipes_password_file", "clickpipes_password_file",
                BLANK_FILE.toString());
        add(cases, "password file is a directory", "clickpipes_password_file", "clickpipes_password_file",
                FILES.toString());
        // Passwords no libpq client can send (NUL) or carry reliably (line breaks, other C0 controls, DEL).
        add(cases, "password with NUL", "clickpipes_password", "clickpipes_password", "Hostile\u0000pw-1");
        add(cases, "password with a newline inside", "clickpipes_password", "clickpipes_password", "Hostile\npw-1");
        add(cases, "password with ESC", "clickpipes_password", "clickpipes_password", "Hostile\u001bpw-1");
        add(cases, "password with DEL", "clickpipes_password", "clickpipes_password", "Hostile\u007fpw-1");
        add(cases, "password file with NUL", "clickpipes_password_file", "clickpipes_password_file",
                NUL_FILE.toString());
        add(cases, "password file with a tab", "clickpipes_password_file", "clickpipes_password_file",
                TAB_FILE.toString());

        // clickpipes_schemas: missing, mis-cased, malformed lists, and SQL that must end up as a (missing) name.
        String schemas = "clickpipes_schemas";
        add(cases, "schemas: one that does not exist", schemas, schemas, "no_such_schema");
        add(cases, "schemas: wrong case (Sales for sales)", schemas, schemas, "Sales");
        add(cases, "schemas: one good, one missing", schemas, schemas, "sales,missing_one");
        add(cases, "schemas: empty", schemas, schemas, "");
        add(cases, "schemas: only commas", schemas, schemas, ",,");
        add(cases, "schemas: empty entry", schemas, schemas, "sales,,public");
        add(cases, "schemas: trailing comma", schemas, schemas, "sales,");
        add(cases, "schemas: unclosed double quote", schemas, schemas, "\"sales");
        add(cases, "schemas: a dotted entry", schemas, schemas, "sales.orders");
        add(cases, "schemas: \"; and SQL after it", schemas, schemas, "sales\";DROP SCHEMA sales CASCADE;--");
        add(cases, "schemas: $$ quoted", schemas, schemas, "$$sales$$");
        add(cases, "schemas: ${", schemas, schemas, "${sales}");
        add(cases, "schemas: backslash", schemas, schemas, "sa\\les");
        add(cases, "schemas: NUL", schemas, schemas, "sa\u0000les");
        add(cases, "schemas: newline", schemas, schemas, "sales\npublic");
        add(cases, "schemas: 64 bytes", schemas, schemas, LONG_ASCII);
        // System schemas and the bundle's history schema: clickpipes_user would read pg_authid, or the history.
        add(cases, "schemas: pg_catalog beside public", schemas, schemas, "sales,pg_catalog");
        add(cases, "schemas: information_schema", schemas, schemas, "information_schema");
        add(cases, "schemas: pg_toast", schemas, schemas, "pg_toast");
        add(cases, "schemas: another pg_ schema", schemas, schemas, "pg_temp_1");
        add(cases, "schemas: the history schema clickpipes_flyway", schemas, schemas, "sales,clickpipes_flyway");
        add(cases, "tables and schemas: pg_catalog.pg_authid", schemas, "clickpipes_publication_scope", "tables",
                "clickpipes_schemas", "sales,pg_catalog", "clickpipes_tables", "pg_catalog.pg_authid");
        add(cases, "tables: pg_authid without its schema listed", "clickpipes_tables", "clickpipes_publication_scope",
                "tables", "clickpipes_tables", "pg_catalog.pg_authid");

        // clickpipes_publication: the bundle creates it, so it must be a plain name.
        String publication = "clickpipes_publication";
        add(cases, "publication with a double quote", publication, publication, "pub\"x");
        add(cases, "publication with ; and SQL", publication, publication, "pub;DROP PUBLICATION x");
        add(cases, "publication starting with a digit", publication, publication, "1pub");
        add(cases, "publication with a space", publication, publication, "my publication");
        add(cases, "publication empty", publication, publication, "");
        add(cases, "publication of 64 bytes", publication, publication, LONG_ASCII);

        // Scope, tables and owners.
        String scope = "clickpipes_publication_scope";
        String tables = "clickpipes_tables";
        add(cases, "scope unknown", scope, scope, "everything");
        add(cases, "scope with a space", scope, scope, "all tables");
        add(cases, "scope empty", scope, scope, "");
        add(cases, "scope tables without tables", tables, scope, "tables");
        add(cases, "tables: an entry without schema", tables, scope, "tables", tables, "orders");
        add(cases, "tables: three parts", tables, scope, "tables", tables, "sales.orders.extra");
        add(cases, "tables: a table that does not exist", tables, scope, "tables", tables, "sales.no_such_table");
        add(cases, "tables: wrong case", tables, scope, "tables", tables, "sales.Orders");
        add(cases, "tables: schema not in clickpipes_schemas", tables, scope, "tables", tables, "public.orders");
        add(cases, "tables: trailing comma", tables, scope, "tables", tables, "sales.orders,");
        add(cases, "tables: unclosed quote", tables, scope, "tables", tables, "sales.\"orders");
        add(cases, "tables: \"; and SQL", tables, scope, "tables", tables, "sales.\"orders\"\";DROP TABLE x;--\"");
        add(cases, "tables listed with scope all_tables", tables, tables, "sales.orders");
        String owners = "clickpipes_table_owners";
        add(cases, "owners: a role that does not exist", owners, owners, "no_such_owner_" + SUFFIX);
        add(cases, "owners: empty", owners, owners, "");
        add(cases, "owners: empty entry", owners, owners, "postgres,,postgres");

        // Platform and lock timeout.
        String platform = "clickpipes_platform";
        add(cases, "platform unknown", platform, platform, "azure");
        add(cases, "platform empty", platform, platform, "");
        String lock = "clickpipes_lock_timeout";
        add(cases, "lock timeout a word", lock, lock, "forever");
        add(cases, "lock timeout negative", lock, lock, "-1s");
        add(cases, "lock timeout in hours", lock, lock, "1h");
        add(cases, "lock timeout with a space", lock, lock, "30 s");
        add(cases, "lock timeout with SQL after it", lock, lock, "10s; DROP ROLE postgres");
        add(cases, "lock timeout of ten digits", lock, lock, "9999999999");
        add(cases, "lock timeout empty", lock, lock, "");
        add(cases, "lock timeout zero (would wait forever)", lock, lock, "0");
        add(cases, "lock timeout 0s (would wait forever)", lock, lock, "0s");
        add(cases, "lock timeout beyond PostgreSQL's range", lock, lock, "999999999min");
        return cases.stream().map(org.junit.jupiter.params.provider.Arguments::of);
    }

    /** Adds a case: its description, the setting the error must name, and placeholder name/value pairs. */
    private static void add(List<Object[]> cases, String description, String setting, String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        cases.add(new Object[] {description, new Refusal(setting, values, false)});
    }

    private static DataSource migratorDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl(database));
        dataSource.setUser(MIGRATOR);
        dataSource.setPassword(MIGRATOR_PASSWORD);
        return dataSource;
    }
}
