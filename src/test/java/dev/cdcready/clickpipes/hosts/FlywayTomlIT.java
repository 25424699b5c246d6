package dev.cdcready.clickpipes.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundle run from the {@code flyway.toml} README.md documents: an {@code [environments.aurora]} block whose
 * password Flyway's {@code ${env.…}} resolver reads from the environment, and the bundle's settings under
 * {@code [flyway]}.
 */
class FlywayTomlIT {

    private static final String PASSWORD = "Toml-host-secret-5";
    private static final String ADMIN_PASSWORD = "Toml-admin-secret-8";

    static List<FlywayCommandLine> commandLines() {
        return FlywayCommandLine.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void tomlEnvironmentWithThePasswordFromTheEnvironmentMakesACdcSource(FlywayCommandLine flyway)
            throws SQLException, IOException, InterruptedException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String admin = FlywayCommandLineIT.unique("toml_admin");
        String user = FlywayCommandLineIT.unique("cp_toml");
        try (Connection connection = server.superuser(database)) {
            Sql.execute(connection, "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
                    "INSERT INTO public.orders VALUES (1, 'first order')");
            // Only postgres is trusted: the admin logs in only if the resolver handed Flyway its password.
            CatalogQueries.createPasswordSuperuser(connection, admin, ADMIN_PASSWORD);
        }
        BundleFolder folder = BundleFolder.create(flyway.name() + " toml");
        Path toml = folder.jars().resolveSibling("flyway.toml");
        Files.writeString(toml, DocumentedUsage.toml(server.jdbcUrl(database), admin, folder.jars(), "public"),
                StandardCharsets.UTF_8);
        Map<String, String> environment = Map.of(DocumentedUsage.ADMIN_PASSWORD_VARIABLE, ADMIN_PASSWORD,
                "CLICKPIPES_PASSWORD", PASSWORD, "FLYWAY_PLACEHOLDERS_CLICKPIPES_USER", user);

        CommandLineRun run = flyway.run(folder.workingDirectory(), environment, DocumentedUsage.tomlCommand(toml));

        assertEquals(0, run.exitCode(), run.output());
        CdcSourceAssertions.assertNoSecretIn(run, PASSWORD, ADMIN_PASSWORD);
        CdcSourceAssertions.assertFirstRun(server, database, admin, user, PASSWORD);
    }
}
