package dev.cdcready.clickpipes.safety.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.safety.faults.BundleRuns;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.logging.LogLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The clickpipes_user password and the migrating role's password appear nowhere — server log (every statement
 * logged), history table, Flyway's log at INFO and DEBUG, the console, the executable's output and --json, exception
 * messages and stack traces — after a good run and after a run that fails once the password was set.
 */
class SecretsIT {

    /** Distinctive, so that a search cannot hit anything else. */
    private static final String PASSWORD = "Zq7-clickpipes-SECRET-" + UUID.randomUUID();
    private static final String OTHER_PASSWORD = "Wx4-clickpipes-OTHER-" + UUID.randomUUID();
    private static final String ADMIN_PASSWORD = "Adm9-flyway-ADMIN-" + UUID.randomUUID();
    private static final SecretForms SECRET = new SecretForms("the clickpipes_user password", PASSWORD);
    private static final SecretForms OTHER = new SecretForms("the second clickpipes_user password", OTHER_PASSWORD);
    private static final SecretForms ADMIN = new SecretForms("the admin password", ADMIN_PASSWORD);
    private static final String USER = BundleRuns.uniqueRole("secret");
    private static final String ADMIN_ROLE = BundleRuns.uniqueRole("admin");

    private static TestServer server;

    @BeforeAll
    static void serverThatLogsEveryStatementAndAnAdminWithAPassword() throws SQLException {
        server = TestServers.get(ServerSpec.plain(17).with("log_statement", "all")
                .with("log_min_error_statement", "info").with("log_min_messages", "info"));
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + ADMIN_ROLE + " LOGIN SUPERUSER");
            // Hashed on the client: this test's own statement must not put the admin password in the server log.
            connection.unwrap(PGConnection.class).alterUserPassword(ADMIN_ROLE, ADMIN_PASSWORD.toCharArray(),
                    "scram-sha-256");
        }
    }

    @AfterAll
    static void resetFlywayLoggingAndReport() {
        LogFactory.setLogLevel(LogLevel.INFO);
        System.err.println("[secrets] searched " + SecretForms.placesChecked() + " places, each for a password as"
                + " plain text, Base64 and hex");
    }

    @Test
    void goodRunsAtDebugAndAtInfoLeakNeitherPasswordAndTheChecksumsDoNotDependOnIt() throws Exception {
        String first = BundleRuns.databaseWithOrders(server);
        String second = BundleRuns.databaseWithOrders(server);

        String debugLog = migrate(first, LogLevel.DEBUG, placeholders(PASSWORD));
        assertTrue(debugLog.contains("DEBUG "), "Flyway's DEBUG log was captured:\n" + debugLog);
        assertCanLogIn(first, PASSWORD);
        String infoLog = migrate(second, LogLevel.INFO, placeholders(OTHER_PASSWORD));
        assertTrue(infoLog.contains("Successfully applied"), infoLog);
        assertCanLogIn(second, OTHER_PASSWORD);

        List<String> firstHistory = history(first);
        assertEquals(historyChecksums(first), historyChecksums(second),
                "the history rows (version, script, checksum) do not depend on the password");
        assertNotEquals(List.of(), firstHistory);
        String serverLog = serverLog();
        // The server logged every statement, the password change among them — as the SCRAM verifier only.
        assertTrue(serverLog.contains("statement: ") && serverLog.contains("SCRAM-SHA-256$"),
                "log_statement=all logged the statements, ALTER ROLE ... PASSWORD included");
        for (SecretForms secret : List.of(SECRET, OTHER, ADMIN)) {
            secret.assertAbsentFrom("Flyway's DEBUG log", debugLog);
            secret.assertAbsentFrom("Flyway's INFO log and the console", infoLog);
            secret.assertAbsentFrom("the history table of the first database", String.join("\n", firstHistory));
            secret.assertAbsentFrom("the history table of the second database", String.join("\n", history(second)));
            secret.assertAbsentFrom("the server log (log_statement=all)", serverLog());
        }
    }

    @Test
    void runThatFailsAfterThePasswordWasSetLeaksNoPasswordInItsExceptionLogsOrHistory() throws Exception {
        String database = BundleRuns.databaseWithOrders(server);
        Map<String, String> placeholders = placeholders(PASSWORD);
        placeholders.put(Placeholders.PUBLICATION_SCOPE, "tables");
        placeholders.put(Placeholders.TABLES, "public.orders");
        placeholders.put(Placeholders.LOCK_TIMEOUT, "1s");
        String log;
        String trace;
        try (Connection blocker = lockOrders(database)) {
            CapturingLogCreator.clear();
            LogFactory.setLogLevel(LogLevel.DEBUG);
            try (ConsoleCapture console = new ConsoleCapture()) {
                FlywayException failed = assertThrows(FlywayException.class, () -> flyway(database, placeholders)
                        .migrate());
                trace = StackTraces.of(failed);
                log = CapturingLogCreator.text() + console.text();
            } finally {
                LogFactory.setLogLevel(LogLevel.INFO);
            }
            blocker.rollback();
        }
        assertTrue(trace.contains("clickpipes_lock_timeout"), trace);
        assertTrue(history(database).stream().anyMatch(row -> row.contains("Set replication role password")),
                "the password migration ran in the failed run");
        assertCanLogIn(database, PASSWORD);
        for (SecretForms secret : List.of(SECRET, ADMIN)) {
            secret.assertAbsentFrom("the exception's stack trace", trace);
            secret.assertAbsentFrom("Flyway's DEBUG log and the console of the failed run", log);
            secret.assertAbsentFrom("the history table after the failed run", String.join("\n", history(database)));
            secret.assertAbsentFrom("the server log after the failed run", serverLog());
        }
    }

    @Test
    void executableInProcessAndAsJarPrintsNeitherPasswordInTextOrJsonOnSuccessOrFailure() throws Exception {
        String database = BundleRuns.databaseWithOrders(server);
        Map<String, String> environment = Map.of("FLYWAY_PASSWORD", ADMIN_PASSWORD, "CLICKPIPES_PASSWORD", PASSWORD,
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_LOCK_TIMEOUT", "1s",
                "FLYWAY_PLACEHOLDERS_CLICKPIPES_ROTATE_PASSWORD", "true");
        String[] connect = {"--url", server.jdbcUrl(database), "--user", ADMIN_ROLE, "--clickpipes-user", USER};
        List<String> outputs = new ArrayList<>();
        for (String command : List.of("check", "plan", "migrate", "verify", "info")) {
            for (boolean json : new boolean[] {false, true}) {
                Executable.Result result = Executable.inProcess(environment, args(command, json, connect));
                assertEquals(0, result.exitCode(), command + " " + json + ":\n" + result.output());
                outputs.add(command + (json ? " --json" : "") + ":\n" + result.output());
            }
        }
        assertCanLogIn(database, PASSWORD);

        String failing = BundleRuns.databaseWithOrders(server);
        String[] failingConnect = {"--url", server.jdbcUrl(failing), "--user", ADMIN_ROLE, "--clickpipes-user", USER,
                "--scope", "tables", "--tables", "public.orders"};
        try (Connection blocker = lockOrders(failing)) {
            for (boolean json : new boolean[] {false, true}) {
                Executable.Result result = Executable.inProcess(environment, args("migrate", json, failingConnect));
                assertNotEquals(0, result.exitCode(), result.output());
                assertTrue(result.output().contains("public.orders"), result.output());
                outputs.add("failing migrate" + (json ? " --json" : "") + ":\n" + result.output());
            }
            Executable.Result jar = Executable.jar(environment, args("migrate", true, failingConnect));
            assertNotEquals(0, jar.exitCode(), jar.output());
            assertTrue(jar.output().contains("clickpipes_lock_timeout"), jar.output());
            outputs.add("java -jar failing migrate --json:\n" + jar.output());
            blocker.rollback();
        }
        Executable.Result jar = Executable.jar(environment, args("migrate", false, failingConnect));
        assertEquals(0, jar.exitCode(), jar.output());
        outputs.add("java -jar migrate:\n" + jar.output());

        for (String output : outputs) {
            String where = "the executable's output of " + output.lines().findFirst().orElse("");
            SECRET.assertAbsentFrom(where, output);
            ADMIN.assertAbsentFrom(where, output);
        }
        SECRET.assertAbsentFrom("the server log after the executable's runs", serverLog());
        ADMIN.assertAbsentFrom("the server log after the executable's runs", serverLog());
    }

    private static String[] args(String command, boolean json, String... connect) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(connect));
        if (json) {
            args.add("--json");
        }
        return args.toArray(String[]::new);
    }

    private static Map<String, String> placeholders(String password) {
        Map<String, String> placeholders = new HashMap<>();
        placeholders.put(Placeholders.USER, USER);
        placeholders.put(Placeholders.PASSWORD, password);
        // One role, two passwords across the tests: each run asks for rotation, so replacing the password (as the
        // SCRAM verifier only) is among what is searched for secrets, whatever order the tests run in.
        placeholders.put(Placeholders.ROTATE_PASSWORD, "true");
        return placeholders;
    }

    /** Migrates as the admin role (with its password) at {@code level}; returns Flyway's log and the console. */
    private static String migrate(String database, LogLevel level, Map<String, String> placeholders) {
        CapturingLogCreator.clear();
        LogFactory.setLogLevel(level);
        try (ConsoleCapture console = new ConsoleCapture()) {
            flyway(database, placeholders).migrate();
            return CapturingLogCreator.text() + console.text();
        } finally {
            LogFactory.setLogLevel(LogLevel.INFO);
        }
    }

    private static Flyway flyway(String database, Map<String, String> placeholders) {
        return ClickPipesFlyway.configure(Flyway.configure(ClickPipesFlyway.class.getClassLoader())
                .loggers(CapturingLogCreator.class.getName())
                .dataSource(server.jdbcUrl(database), ADMIN_ROLE, ADMIN_PASSWORD)
                .placeholders(placeholders)).load();
    }

    private static Connection lockOrders(String database) throws SQLException {
        Connection blocker = server.superuser(database);
        blocker.setAutoCommit(false);
        try (Statement statement = blocker.createStatement()) {
            statement.execute("LOCK TABLE public.orders IN SHARE ROW EXCLUSIVE MODE");
        }
        return blocker;
    }

    private static void assertCanLogIn(String database, String password) throws SQLException {
        try (Connection login = server.login(database, USER, password)) {
            assertTrue(login.isValid(5));
        }
    }

    /** Every column of every history row, as text. */
    private static List<String> history(String database) throws SQLException {
        return rows(database, "SELECT h::text FROM clickpipes_flyway.clickpipes_schema_history h"
                + " ORDER BY installed_rank");
    }

    private static List<String> historyChecksums(String database) throws SQLException {
        return rows(database, "SELECT concat_ws(' | ', version, script, checksum, success)"
                + " FROM clickpipes_flyway.clickpipes_schema_history ORDER BY installed_rank");
    }

    private static List<String> rows(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static String serverLog() throws java.io.IOException {
        return Files.readString(server.serverLog(), StandardCharsets.UTF_8);
    }
}
