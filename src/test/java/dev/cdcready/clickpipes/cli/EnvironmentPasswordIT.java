package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.safety.faults.BundleRuns;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The password source the Flyway API tests cannot set in-process: {@code CLICKPIPES_PASSWORD} as the executable reads
 * it. A password holding a control character is refused, naming the variable and never repeating the password, by
 * migrate and by check, and the catalog is exactly as it was.
 */
class EnvironmentPasswordIT {

    @ParameterizedTest(name = "CLICKPIPES_PASSWORD with U+{0}")
    @ValueSource(strings = {"0000", "000a", "0009", "001b", "007f"})
    void passwordWithAControlCharacterFromTheEnvironmentIsRefusedAndNothingIsWritten(String code) throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = BundleRuns.databaseWithOrders(server);
        String password = "Env-pw-" + (char) Integer.parseInt(code, 16) + "-4711-secret";
        Map<String, String> environment = Map.of("CLICKPIPES_PASSWORD", password);
        CatalogSnapshot before = CatalogSnapshot.take(server, database);
        for (String command : new String[] {"migrate", "check"}) {
            CliRun run = CliRun.run(environment, command, "--url=" + server.jdbcUrl(database), "--user", "postgres",
                    "--clickpipes-user", BundleRuns.uniqueRole("envpw"), "--json");
            assertEquals(Main.REFUSED, run.exitCode(), command + ":\n" + run.all());
            String message = String.valueOf(run.finding("PASSWORD_UNUSABLE").get("message"));
            // Both read the variable: check itself, migrate through the bundle's callback (never a placeholder).
            String named = "Invalid setting 'CLICKPIPES_PASSWORD'";
            assertTrue(message.contains(named) && message.contains("libpq"), command + ":\n" + run.all());
            assertFalse(run.all().contains("4711-secret"), command + " repeats the password:\n" + run.all());
        }
        assertEquals(before, CatalogSnapshot.take(server, database), "a refused run wrote to the catalog");
    }
}
