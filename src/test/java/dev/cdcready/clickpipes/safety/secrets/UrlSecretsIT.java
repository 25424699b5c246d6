package dev.cdcready.clickpipes.safety.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.safety.faults.BundleRuns;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.logging.LogLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A JDBC URL that carries the migrating role's password ({@code ?password=…}, {@code user:password@host},
 * {@code sslpassword=…}), given with {@code --url} or in {@code FLYWAY_URL}: every command of the executable, in
 * text and {@code --json}, prints it nowhere — not in its report, not in Flyway's log lines on the console, not in
 * "Could not connect to …" or Flyway's own connection error when the password is wrong. The good runs succeed, which
 * proves the password reached the driver as a property (the role logs in with SCRAM; nothing else would let it in).
 */
class UrlSecretsIT {

    private static final String ADMIN_PASSWORD = "Url9-ADMIN-" + UUID.randomUUID() + "+&=%";
    private static final String WRONG_PASSWORD = "Url8-WRONG-" + UUID.randomUUID();
    private static final String SSL_PASSWORD = "Url7-SSLKEY-" + UUID.randomUUID();
    private static final SecretForms ADMIN = new SecretForms("the migrating role's password from the URL",
            ADMIN_PASSWORD);
    private static final SecretForms ADMIN_ENCODED = new SecretForms("the URL-encoded migrating role's password",
            encode(ADMIN_PASSWORD));
    private static final SecretForms WRONG = new SecretForms("the wrong password from the URL", WRONG_PASSWORD);
    private static final SecretForms SSL = new SecretForms("the sslpassword from the URL", SSL_PASSWORD);
    private static final String ADMIN_ROLE = BundleRuns.uniqueRole("urladmin");
    private static final String USER = BundleRuns.uniqueRole("urluser");
    private static final List<String> COMMANDS = List.of("check", "plan", "migrate", "verify", "info", "teardown");

    private static TestServer server;

    @BeforeAll
    static void adminWithAScramPassword() throws SQLException {
        server = TestServers.get(ServerSpec.plain(17));
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + ADMIN_ROLE + " LOGIN SUPERUSER");
            connection.unwrap(PGConnection.class).alterUserPassword(ADMIN_ROLE, ADMIN_PASSWORD.toCharArray(),
                    "scram-sha-256");
        }
    }

    @Test
    void everyCommandWithThePasswordInTheUrlSucceedsAndNeverPrintsIt() throws Exception {
        String database = BundleRuns.databaseWithOrders(server);
        String query = server.jdbcUrl(database) + "?user=" + ADMIN_ROLE + "&ApplicationName=cp&password="
                + encode(ADMIN_PASSWORD) + "&sslpassword=" + encode(SSL_PASSWORD);
        String userInfo = server.jdbcUrl(database).replace("//", "//" + ADMIN_ROLE + ":" + encode(ADMIN_PASSWORD)
                + "@");
        List<String> outputs = new ArrayList<>();
        for (String url : List.of(query, userInfo)) {
            for (boolean fromEnvironment : new boolean[] {false, true}) {
                for (String command : COMMANDS) {
                    for (boolean json : new boolean[] {false, true}) {
                        Executable.Result result = run(url, fromEnvironment, command, json);
                        int expected = command.equals("teardown") ? 64 : 0; // teardown without --yes only lists
                        assertEquals(expected, result.exitCode(), describe(command, json, fromEnvironment) + ":\n"
                                + result.output());
                        assertTrue(result.output().contains(server.jdbcUrl(database).substring("jdbc:".length()))
                                || command.equals("teardown") || json, "the URL is still shown, redacted:\n"
                                + result.output());
                        outputs.add(describe(command, json, fromEnvironment) + ":\n" + result.output());
                    }
                }
            }
        }
        for (String output : outputs) {
            String where = "the output of " + output.lines().findFirst().orElse("");
            ADMIN.assertAbsentFrom(where, output);
            ADMIN_ENCODED.assertAbsentFrom(where, output);
            SSL.assertAbsentFrom(where, output);
        }
    }

    @Test
    void migrateWithFlywaysDebugLogPrintsNeitherThePasswordNorItsEncoding() throws Exception {
        LogFactory.setLogCreator(new CapturingLogCreator());
        LogFactory.setLogLevel(LogLevel.DEBUG);
        try {
            for (boolean json : new boolean[] {false, true}) {
                String command = "migrate" + (json ? " --json" : "");
                String url = server.jdbcUrl(BundleRuns.databaseWithOrders(server)) + "?user=" + ADMIN_ROLE
                        + "&password=" + encode(ADMIN_PASSWORD);
                LogFactory.setLogCreator(new CapturingLogCreator());
                CapturingLogCreator.clear();
                Executable.Result result = run(url, false, "migrate", json);
                String output = result.output() + CapturingLogCreator.text();
                assertEquals(0, result.exitCode(), output);
                assertTrue(CapturingLogCreator.text().contains("DEBUG"), "Flyway's DEBUG log was captured:\n"
                        + output);
                ADMIN.assertAbsentFrom(command + " with Flyway's DEBUG log", output);
                ADMIN_ENCODED.assertAbsentFrom(command + " with Flyway's DEBUG log", output);
            }
        } finally {
            LogFactory.setLogLevel(LogLevel.INFO);
            LogFactory.setLogCreator(null);
        }
    }

    @Test
    void aWrongPasswordInTheUrlFailsToConnectWithoutPrintingIt() throws Exception {
        String database = BundleRuns.databaseWithOrders(server);
        String url = server.jdbcUrl(database) + "?user=" + ADMIN_ROLE + "&password=" + WRONG_PASSWORD;
        for (boolean fromEnvironment : new boolean[] {false, true}) {
            for (String command : COMMANDS) {
                for (boolean json : new boolean[] {false, true}) {
                    Executable.Result result = run(url, fromEnvironment, command, json);
                    String where = describe(command, json, fromEnvironment) + " with a wrong password";
                    assertEquals(1, result.exitCode(), where + ":\n" + result.output());
                    assertTrue(result.output().contains("28P01") || result.output().contains("password "
                            + "authentication failed"), where + " names the failure:\n" + result.output());
                    WRONG.assertAbsentFrom(where, result.output());
                }
            }
        }
    }

    @Test
    void aUrlGivenAsABareArgumentIsAUsageErrorThatDoesNotRepeatThePassword() throws Exception {
        String url = server.jdbcUrl("postgres") + "?user=" + ADMIN_ROLE + "&password=" + WRONG_PASSWORD;
        for (String[] args : List.of(new String[] {"check", url}, new String[] {url}, new String[] {"check", url,
                "--json"}, new String[] {"--url", url, "check", "--no-such-option"})) {
            Executable.Result result = Executable.inProcess(Map.of(), args);
            assertEquals(64, result.exitCode(), result.output());
            WRONG.assertAbsentFrom("the usage error for " + args.length + " arguments", result.output());
        }
    }

    private static Executable.Result run(String url, boolean fromEnvironment, String command, boolean json)
            throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("CLICKPIPES_PASSWORD", "Url-clickpipes-pw-1"));
        List<String> args = new ArrayList<>(List.of(command, "--clickpipes-user", USER));
        if (fromEnvironment) {
            environment.put("FLYWAY_URL", url);
        } else {
            args.add("--url=" + url);
        }
        if (json) {
            args.add("--json");
        }
        return Executable.inProcess(environment, args.toArray(String[]::new));
    }

    private static String describe(String command, boolean json, boolean fromEnvironment) {
        return command + (json ? " --json" : "") + (fromEnvironment ? " (FLYWAY_URL)" : " (--url)");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
