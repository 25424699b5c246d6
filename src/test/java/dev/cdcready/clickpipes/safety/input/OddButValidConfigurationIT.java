package dev.cdcready.clickpipes.safety.input;

import static dev.cdcready.clickpipes.safety.input.BundleRun.assertWorks;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Odd but valid names and passwords work end to end, each in a database of its own: the role is created, it logs in
 * with exactly the configured password, it reads the configured table, holds the replication privilege, and the
 * publication exists. Quotes, backslashes, {@code $$}, {@code ${}, spaces, mixed case and unicode are data here, never
 * SQL.
 */
class OddButValidConfigurationIT {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Path FILES = Path.of(System.getProperty("project.build.directory", "target"),
            "safety-valid-" + SUFFIX);

    /**
     * One accepted configuration.
     *
     * @param user clickpipes_user
     * @param password the password it must log in with
     * @param setup SQL run as superuser in the fresh database first (the schemas and tables the settings name)
     * @param settings further placeholders; a value {@code FILE:<text>} is written to a file whose path is passed
     * @param table the quoted table clickpipes_user must read
     * @param publication the publication that must exist
     */
    record Accepted(String user, String password, List<String> setup, Map<String, String> settings, String table,
                    String publication) {
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("accepted")
    void oddButValidSettingsWorkEndToEnd(String description, Accepted accepted) throws SQLException, IOException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            for (String sql : accepted.setup()) {
                statement.execute(sql);
            }
        }
        Map<String, String> placeholders = new HashMap<>();
        placeholders.put("clickpipes_user", accepted.user());
        placeholders.put("clickpipes_password", accepted.password());
        for (Map.Entry<String, String> setting : accepted.settings().entrySet()) {
            placeholders.put(setting.getKey(), fileIfAsked(setting.getValue()));
        }
        if (placeholders.containsKey("clickpipes_password_file")) {
            placeholders.remove("clickpipes_password");
        }
        BundleRun.migrate(server.superuserDataSource(database), placeholders);
        assertWorks(server, database, accepted.user(), accepted.password(), accepted.table(), accepted.publication());
    }

    static Stream<Arguments> accepted() {
        List<Arguments> cases = new ArrayList<>();
        String sales = "CREATE SCHEMA sales";
        String orders = "CREATE TABLE sales.orders (id int PRIMARY KEY)";
        String table = "sales.orders";
        Map<String, String> inSales = Map.of("clickpipes_schemas", "sales");
        // Role names: everything the bundle lets a created role be.
        user(cases, "user in mixed case", "CpMixed_" + n());
        user(cases, "user in Cyrillic", "клик_" + n());
        user(cases, "user in CJK", "用户_" + n());
        user(cases, "user with accents", "ÉlanCp_" + n());
        user(cases, "user with $$ and -", "cp$$x-" + n());
        String prefix = "cp63_" + n() + "_";
        user(cases, "user of exactly 63 bytes", prefix + "x".repeat(63 - prefix.length()));
        // Passwords: each must be the one the role logs in with.
        password(cases, "password with single quotes", "it's a 'pass' word");
        password(cases, "password with \"; and SQL", "pw\";DROP ROLE postgres;--");
        password(cases, "password with backslashes", "C:\\path\\to\\pw\\");
        password(cases, "password with unicode", "pässwörd-密码-🔑");
        password(cases, "password with spaces inside and around", "  spaced out pw  ");
        password(cases, "password with $$ and ${", "$$x$$ ${clickpipes_user} $1");
        // NUL, line breaks, tabs and other control characters are refused (HostileConfigurationIT): no libpq client
        // could send a NUL, and none of them survives a ClickPipes form or a connection string reliably.
        password(cases, "password with a no-break space (SASLprep maps it)", "ab\u00a0cd");
        password(cases, "password of 1000 characters", "Ab1-".repeat(250));
        cases.add(Arguments.of("password from a file, with quotes and unicode", new Accepted(
                "cp_file_" + n(), "fïle 'pw' \"x\" \\", List.of(sales, orders),
                Map.of("clickpipes_schemas", "sales", "clickpipes_password_file", "FILE:fïle 'pw' \"x\" \\\n"),
                table, "clickpipes_publication")));
        // Schema and table names PostgreSQL allows, written as the README says.
        cases.add(Arguments.of("schema and table with spaces and quotes", new Accepted("cp_q_" + n(), "Pw-1",
                List.of("CREATE SCHEMA \"my \"\"odd\"\" schema\"",
                        "CREATE TABLE \"my \"\"odd\"\" schema\".\"Order \"\"Items\"\"\" (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", "\"my \"\"odd\"\" schema\"", "clickpipes_publication_scope", "tables",
                        "clickpipes_tables", "\"my \"\"odd\"\" schema\".\"Order \"\"Items\"\"\""),
                "\"my \"\"odd\"\" schema\".\"Order \"\"Items\"\"\"", "clickpipes_publication")));
        cases.add(Arguments.of("schema with a comma and a dot, table with a dot", new Accepted("cp_cd_" + n(), "Pw-1",
                List.of("CREATE SCHEMA \"a,b.c\"", "CREATE TABLE \"a,b.c\".\"t.1\" (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", "\"a,b.c\"", "clickpipes_publication_scope", "tables",
                        "clickpipes_tables", "\"a,b.c\".\"t.1\""), "\"a,b.c\".\"t.1\"", "clickpipes_publication")));
        cases.add(Arguments.of("schemas in mixed case and unicode, scope SCHEMAS in capitals", new Accepted(
                "cp_mu_" + n(), "Pw-1",
                List.of("CREATE SCHEMA \"Sales\"", "CREATE SCHEMA \"ventes_é\"",
                        "CREATE TABLE \"ventes_é\".\"Commandes\" (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", "Sales, ventes_é", "clickpipes_publication_scope", "SCHEMAS"),
                "\"ventes_é\".\"Commandes\"", "clickpipes_publication")));
        cases.add(Arguments.of("schemas named $$x$$, ${x} and back\\slash", new Accepted("cp_dl_" + n(), "Pw-1",
                List.of("CREATE SCHEMA \"$$x$$\"", "CREATE SCHEMA \"${x}\"", "CREATE SCHEMA \"back\\slash\"",
                        "CREATE TABLE \"back\\slash\".\"t\" (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", "$$x$$,${x},back\\slash"), "\"back\\slash\".\"t\"",
                "clickpipes_publication")));
        cases.add(Arguments.of("schema and table named like SQL keywords", new Accepted("cp_kw_" + n(), "Pw-1",
                List.of("CREATE SCHEMA \"select\"", "CREATE TABLE \"select\".\"table\" (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", "select", "clickpipes_publication_scope", "tables",
                        "clickpipes_tables", "select.table"), "\"select\".\"table\"", "clickpipes_publication")));
        String longSchema = "日".repeat(21);
        cases.add(Arguments.of("schema of exactly 63 UTF-8 bytes", new Accepted("cp_63s_" + n(), "Pw-1",
                List.of("CREATE SCHEMA \"" + longSchema + "\"",
                        "CREATE TABLE \"" + longSchema + "\".t (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", longSchema), "\"" + longSchema + "\".t", "clickpipes_publication")));
        cases.add(Arguments.of("publication in mixed case unicode, other settings in capitals", new Accepted(
                "cp_pub_" + n(), "Pw-1", List.of(sales, orders),
                Map.of("clickpipes_schemas", "sales", "clickpipes_publication", "Pub_Ünïcode-1",
                        "clickpipes_platform", "POSTGRES", "clickpipes_lock_timeout", "500ms",
                        "clickpipes_publication_scope", "ALL_TABLES"), table, "Pub_Ünïcode-1")));
        cases.add(Arguments.of("explicit table owner in mixed case", new Accepted("cp_own_" + n(), "Pw-1",
                List.of("CREATE ROLE \"AppOwner_" + SUFFIX + "\"", sales,
                        "GRANT CREATE, USAGE ON SCHEMA sales TO \"AppOwner_" + SUFFIX + "\"", orders,
                        "ALTER TABLE sales.orders OWNER TO \"AppOwner_" + SUFFIX + "\""),
                Map.of("clickpipes_schemas", "sales", "clickpipes_table_owners", "AppOwner_" + SUFFIX,
                        "clickpipes_lock_timeout", "1min"), table, "clickpipes_publication")));
        return cases.stream();
    }

    private static void user(List<Arguments> cases, String description, String user) {
        cases.add(Arguments.of(description, new Accepted(user, "Pw-" + n(),
                List.of("CREATE SCHEMA sales", "CREATE TABLE sales.orders (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", "sales"), "sales.orders", "clickpipes_publication")));
    }

    private static void password(List<Arguments> cases, String description, String password) {
        cases.add(Arguments.of(description, new Accepted("cp_pw_" + n(), password,
                List.of("CREATE SCHEMA sales", "CREATE TABLE sales.orders (id int PRIMARY KEY)"),
                Map.of("clickpipes_schemas", "sales"), "sales.orders", "clickpipes_publication")));
    }

    private static String n() {
        return SUFFIX + COUNTER.incrementAndGet();
    }

    private static String fileIfAsked(String value) throws IOException {
        if (!value.startsWith("FILE:")) {
            return value;
        }
        Files.createDirectories(FILES);
        Path file = FILES.resolve("password-" + COUNTER.incrementAndGet());
        Files.writeString(file, value.substring("FILE:".length()), StandardCharsets.UTF_8);
        return file.toString();
    }
}
