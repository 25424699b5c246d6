package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.safety.faults.BundleRuns;
import dev.cdcready.clickpipes.safety.secrets.CapturingLogCreator;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.logging.LogLevel;
import org.junit.jupiter.api.Test;

/**
 * The executable hands the bundle {@code CLICKPIPES_PASSWORD} through the bundle's callback, never as the
 * {@code clickpipes_password} Flyway placeholder that Flyway's debug output can show; the role still gets it.
 */
class PasswordNotPlaceholderIT {

    private static final String PASSWORD = "Env-only-pw-5823-secret";
    private static final Map<String, String> ENVIRONMENT = Map.of("CLICKPIPES_PASSWORD", PASSWORD);

    @Test
    void theExecutablesFlywayHasNoPasswordPlaceholderAndItsDebugLogNoPasswordYetTheRoleLogsInWithIt()
            throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = BundleRuns.databaseWithOrders(server);
        String user = BundleRuns.uniqueRole("envonly");
        CliOptions options = CliOptions.parse(new String[] {"migrate", "--url=" + server.jdbcUrl(database), "--user",
            "postgres", "--clickpipes-user", user}, ENVIRONMENT);
        Flyway executables = Main.session(options, options.url(), options.placeholders(), ENVIRONMENT).flyway();
        assertTrue(executables.getConfiguration().getPlaceholders().keySet().stream()
                        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("clickpipes_password")),
                "placeholders: " + executables.getConfiguration().getPlaceholders().keySet());
        assertThrows(SQLException.class, () -> server.login(database, user, PASSWORD).close(),
                "no role logs in before the migrate");

        // The same configuration, callback instance and all, with Flyway's log captured at DEBUG.
        Flyway captured = Flyway.configure(Main.class.getClassLoader())
                .configuration(executables.getConfiguration())
                .loggers(CapturingLogCreator.class.getName()).load();
        CapturingLogCreator.clear();
        LogFactory.setLogLevel(LogLevel.DEBUG);
        String log;
        try {
            assertTrue(captured.migrate().migrationsExecuted > 0);
            log = CapturingLogCreator.text();
        } finally {
            LogFactory.setLogLevel(LogLevel.INFO);
        }
        assertTrue(log.contains("DEBUG"), "Flyway's debug lines were captured:\n" + log);
        assertFalse(log.contains("5823-secret"), "Flyway's debug log shows the password:\n" + log);
        try (Connection login = server.login(database, user, PASSWORD);
             ResultSet row = login.createStatement().executeQuery("SELECT pg_catalog.current_user()")) {
            row.next();
            assertEquals(user, row.getString(1), "the password set is the environment's");
        }
    }

    @Test
    void aMigrateThroughTheExecutableSetsTheEnvironmentsPasswordAndNeverPrintsIt() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = BundleRuns.databaseWithOrders(server);
        String user = BundleRuns.uniqueRole("envrun");
        CliRun run = CliRun.run(ENVIRONMENT, "migrate", "--url=" + server.jdbcUrl(database), "--user", "postgres",
                "--clickpipes-user", user, "--verbose");
        assertEquals(Main.OK, run.exitCode(), run.all());
        assertFalse(run.all().contains("5823-secret"), run.all());
        try (Connection login = server.login(database, user, PASSWORD)) {
            assertTrue(login.isValid(5), "the role logs in with CLICKPIPES_PASSWORD");
        }
    }
}
