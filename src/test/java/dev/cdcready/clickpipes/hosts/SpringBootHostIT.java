package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_SCRIPTS;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_TABLES;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_SCRIPTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.spring.ClickPipesMigration;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.PlantedObjects;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application (auto-configured Hikari DataSource and Flyway, the bundle's auto-configuration found
 * through its AutoConfiguration.imports) whose own migrations run first, as its own role, from
 * {@code spring.flyway.locations}; the bundle then runs as a Flyway run of its own.
 */
class SpringBootHostIT {

    private static final String PASSWORD = "Spring-host-secret-3";
    private static final String APP_PASSWORD = "App-owner-secret-5";

    /** The application: nothing but Spring Boot's auto-configuration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }

    /** A database owned by a role of the application's own, which its DataSource and Flyway use. */
    private record AppDatabase(TestServer server, String name, String owner) {
        static AppDatabase create() throws SQLException {
            TestServer server = TestServers.get(ServerSpec.plain(17));
            String name = server.createDatabase();
            String owner = HostCatalog.uniqueRole("app");
            try (Connection connection = server.superuser(name)) {
                // From PostgreSQL 15 public belongs to pg_database_owner: the owner may create tables there.
                Sql.execute(connection, "CREATE ROLE " + owner + " LOGIN PASSWORD '" + APP_PASSWORD + "'",
                        "ALTER DATABASE " + name + " OWNER TO " + owner);
            }
            return new AppDatabase(server, name, owner);
        }

        Connection superuser() throws SQLException {
            return server.superuser(name);
        }
    }

    /** Starts the application with these properties as command-line arguments (which win over anything else). */
    private static ConfigurableApplicationContext start(AppDatabase db, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + db.server().jdbcUrl(db.name()) + "?ApplicationName="
                        + PlantedObjects.APPLICATION,
                "--spring.datasource.username=" + db.owner(),
                "--spring.datasource.password=" + APP_PASSWORD,
                "--spring.flyway.locations=classpath:hosts/app-migrations"));
        Arrays.stream(properties).map(property -> "--" + property).forEach(args::add);
        return new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(args.toArray(String[]::new));
    }

    @Test
    void bundleRunsAfterTheApplicationsFlywayInItsOwnHistoryAndARestartAppliesNothing()
            throws IOException, SQLException {
        AppDatabase db = AppDatabase.create();
        String user = HostCatalog.uniqueRole("spring");
        Path passwordFile = Files.createTempFile("clickpipes-password", ".txt");
        String printed;
        try (OutputCapture output = new OutputCapture()) {
            Files.writeString(passwordFile, PASSWORD + "\n");
            // The bundle connects as the superuser ("master user"); the application as its own role.
            String[] properties = {
                    "clickpipes.enabled=true",
                    "clickpipes.schemas=public,sales",
                    "clickpipes.user=" + user,
                    "clickpipes.password-file=" + passwordFile,
                    "clickpipes.datasource.url=" + db.server().jdbcUrl(db.name()),
                    "clickpipes.datasource.username=postgres"};

            try (ConfigurableApplicationContext context = start(db, properties)) {
                assertEquals(6, context.getBean(ClickPipesMigration.class).result().migrationsExecuted);
                // Boot's database-initializer ordering made the bundle wait for the application's Flyway.
                Set<String> before = initializedBefore(context, "clickPipesMigration");
                assertTrue(before.contains("flywayInitializer"), "clickPipesMigration waits for " + before);
                // Nothing of the bundle joined the application's own Flyway.
                assertEquals(1, context.getBeansOfType(Flyway.class).size(), "only the application's Flyway");
                assertTrue(context.getBeansOfType(Callback.class).isEmpty(), "no Callback beans");
                assertTrue(context.getBeansOfType(JavaMigration.class).isEmpty(), "no JavaMigration beans");
            }
            List<String> appHistoryAfterFirst = appHistory(db);

            try (ConfigurableApplicationContext context = start(db, properties)) {
                assertEquals(0, context.getBean(ClickPipesMigration.class).result().migrationsExecuted,
                        "a restart applies none of the bundle's migrations");
            }
            assertEquals(appHistoryAfterFirst, appHistory(db), "a restart applies none of the application's");
            printed = output.text();
        } finally {
            Files.deleteIfExists(passwordFile);
        }

        try (Connection connection = db.superuser()) {
            assertEquals(APP_SCRIPTS, HostCatalog.historyScripts(connection, APP_HISTORY));
            assertEquals(List.of(db.owner()), Sql.column(connection,
                    "SELECT DISTINCT installed_by FROM " + APP_HISTORY), "the application migrated as its own role");
            assertEquals(BUNDLE_SCRIPTS, HostCatalog.historyScripts(connection, BUNDLE_HISTORY));
            assertTrue(Sql.bool(connection, "SELECT ((SELECT min(installed_on) FROM " + BUNDLE_HISTORY
                    + ") >= (SELECT max(installed_on) FROM " + APP_HISTORY + "))::text"), "the bundle ran second");
        }
        HostCatalog.assertReady(db.server(), db.name(), user, PASSWORD, APP_TABLES,
                List.of(db.owner(), "postgres"), List.of("public", "sales"));
        assertTrue(printed.contains("ClickPipes verification passed"), "the capture saw the bundle's log");
        assertFalse(printed.contains(PASSWORD), "the password was printed");
    }

    @ParameterizedTest(name = "clickpipes.enabled={0}")
    @NullSource
    @ValueSource(strings = "false")
    void withoutClickpipesEnabledNothingOfTheBundleRuns(String enabled) throws SQLException {
        AppDatabase db = AppDatabase.create();
        String user = HostCatalog.uniqueRole("off");
        List<String> properties = new ArrayList<>(List.of("clickpipes.user=" + user,
                "clickpipes.password=" + PASSWORD));
        if (enabled != null) {
            properties.add("clickpipes.enabled=" + enabled);
        }

        try (ConfigurableApplicationContext context = start(db, properties.toArray(String[]::new))) {
            assertTrue(context.getBeansOfType(ClickPipesMigration.class).isEmpty(), "no ClickPipesMigration bean");
        }

        try (Connection connection = db.superuser()) {
            assertEquals(APP_SCRIPTS, HostCatalog.historyScripts(connection, APP_HISTORY), "the application ran");
            assertFalse(HostCatalog.roleExists(connection, user), "no clickpipes_user");
            assertFalse(HostCatalog.bundleSchemaExists(connection), "no clickpipes_flyway schema");
            assertFalse(HostCatalog.exists(connection, "SELECT 1 FROM pg_publication WHERE pubname = ?",
                    "clickpipes_publication"), "no publication");
        }
    }

    @Test
    void aRefusedSettingFailsStartupWithThePreChecksMessageAfterTheApplicationsMigrations() throws SQLException {
        AppDatabase db = AppDatabase.create();
        String user = HostCatalog.uniqueRole("refused");
        Throwable thrown;
        String printed;
        try (OutputCapture output = new OutputCapture()) {
            thrown = assertThrows(Throwable.class, () -> start(db,
                    "clickpipes.enabled=true",
                    "clickpipes.schemas=public,no_such_schema",
                    "clickpipes.user=" + user,
                    "clickpipes.password=" + PASSWORD,
                    "clickpipes.datasource.url=" + db.server().jdbcUrl(db.name()),
                    "clickpipes.datasource.username=postgres").close());
            printed = output.text();
        }

        PreCheckRefusedException refused = null;
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
            if (t instanceof PreCheckRefusedException r) {
                refused = r;
            }
        }
        assertNotNull(refused, "no PreCheckRefusedException in:\n" + messages);
        assertTrue(refused.getMessage().contains("SCHEMA_MISSING") && refused.getMessage().contains("no_such_schema"),
                refused.getMessage());
        try (Connection connection = db.superuser()) {
            assertEquals(APP_SCRIPTS, HostCatalog.historyScripts(connection, APP_HISTORY),
                    "the application's migrations ran first");
            assertFalse(HostCatalog.roleExists(connection, user), "no clickpipes_user");
            assertFalse(HostCatalog.bundleSchemaExists(connection), "the bundle wrote nothing, not even its schema");
        }
        assertFalse(messages.toString().contains(PASSWORD), "the password is in an exception message");
        assertFalse(printed.contains(PASSWORD), "the password was printed");
    }

    /** Every bean the named bean waits for through depends-on, directly or not. */
    private static Set<String> initializedBefore(ConfigurableApplicationContext context, String bean) {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(bean));
        while (!next.isEmpty()) {
            String[] dependsOn = context.getBeanFactory().getBeanDefinition(next.pop()).getDependsOn();
            for (String name : dependsOn == null ? new String[0] : dependsOn) {
                if (seen.add(name)) {
                    next.push(name);
                }
            }
        }
        return seen;
    }

    private static List<String> appHistory(AppDatabase db) throws SQLException {
        try (Connection connection = db.superuser()) {
            return Sql.column(connection, "SELECT installed_rank || ' ' || script || ' ' || installed_on"
                    + " FROM " + APP_HISTORY + " ORDER BY installed_rank");
        }
    }
}
