package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_SCRIPTS;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_TABLES;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_SCRIPTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.PlantedObjects;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/quarkus}, a Quarkus 3.33 application, built by the Quarkus Maven plugin in a Maven build of its own
 * (maven-invoker-plugin, before the integration tests: {@link ExampleBuild}) and started in JVM mode ({@code java -jar target/quarkus-app/quarkus-run.jar}) against a real
 * PostgreSQL: quarkus-flyway migrates the application's own datasource, then its startup observer runs the bundle as
 * a Flyway run of its own on the {@code clickpipes} datasource, on the Flyway Quarkus manages.
 */
class QuarkusHostIT {

    private static final String PASSWORD = "Quarkus-host-secret-7";

    /** The application, as maven-invoker-plugin built it before the integration tests. */
    private static Path application;

    @BeforeAll
    static void findTheBuiltExample() throws IOException {
        String jar = "target/quarkus-app/quarkus-run.jar";
        Path project = ExampleBuild.built("quarkus", jar);
        application = project.resolve(jar);
        assertBundleJarIsIndexed(project.resolve("target/quarkus-app/lib/main"));
    }

    /** The example's environment: both datasources on this database, as the superuser ("master user"). */
    private static Map<String, String> environment(TestServer server, String database, String user,
                                                   Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of(
                // The application's own sessions may meet the planted objects; the bundle's connection may not.
                "APP_JDBC_URL", server.jdbcUrl(database) + "?ApplicationName=" + PlantedObjects.APPLICATION,
                "APP_USER", "postgres",
                "MASTER_JDBC_URL", server.jdbcUrl(database),
                "MASTER_USER", "postgres",
                "REPLICATION_USER", user,
                "CLICKPIPES_PASSWORD", PASSWORD));
        environment.putAll(more);
        return environment;
    }

    @Test
    void quarkusApplicationRunsTheBundleAfterItsOwnFlywayAndARestartAppliesNothing() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("quarkus");
        Map<String, String> environment = environment(server, database, user, Map.of());

        OtherJvm.Run first = OtherJvm.jar(application, environment);

        assertRan(first, 6);
        try (Connection connection = server.superuser(database)) {
            assertEquals(APP_SCRIPTS, appScripts(connection));
            assertEquals(BUNDLE_SCRIPTS, HostCatalog.historyScripts(connection, BUNDLE_HISTORY));
            assertTrue(Sql.bool(connection, "SELECT ((SELECT min(installed_on) FROM " + BUNDLE_HISTORY
                    + ") >= (SELECT max(installed_on) FROM " + APP_HISTORY + "))::text"), "the bundle ran second");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));

        OtherJvm.Run restart = OtherJvm.jar(application, environment);

        assertRan(restart, 0);
        try (Connection connection = server.superuser(database)) {
            assertEquals(BUNDLE_SCRIPTS, HostCatalog.historyScripts(connection, BUNDLE_HISTORY));
        }
    }

    @Test
    void aRefusedSettingStopsTheApplicationsStartupAfterItsOwnMigrationsAndWritesNothingOfTheBundle()
            throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("quarkusoff");

        // An environment variable overrides application.properties' clickpipes.schemas, as Quarkus's config does.
        OtherJvm.Run refused = OtherJvm.jar(application, environment(server, database, user,
                Map.of("CLICKPIPES_SCHEMAS", "public,no_such_schema")));

        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("SCHEMA_MISSING") && refused.output().contains("no_such_schema"),
                refused.output());
        assertFalse(refused.output().contains(PASSWORD), "the password was printed");
        try (Connection connection = server.superuser(database)) {
            assertEquals(APP_SCRIPTS, appScripts(connection), "the application's migrations ran first");
            assertFalse(HostCatalog.roleExists(connection, user), "no clickpipes_user");
            assertFalse(HostCatalog.bundleSchemaExists(connection), "the bundle wrote nothing, not even its schema");
        }
    }

    /** The application's history; quarkus-flyway records each script with its folder (db/migration/V1__…). */
    private static List<String> appScripts(Connection connection) throws SQLException {
        return HostCatalog.historyScripts(connection, APP_HISTORY).stream()
                .map(script -> script.substring(script.lastIndexOf('/') + 1)).toList();
    }

    /** The bundle's jar as Quarkus packaged it carries a Jandex index that lists the bundle's Java migrations. */
    private static void assertBundleJarIsIndexed(Path lib) throws IOException {
        Path jar;
        try (Stream<Path> jars = Files.list(lib)) {
            jar = jars.filter(path -> path.getFileName().toString()
                            .startsWith("dev.cdcready.clickpipes-aurora-flyway-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no bundle jar in " + lib));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry index = file.getJarEntry("META-INF/jandex.idx");
            assertNotNull(index, "no META-INF/jandex.idx in " + jar);
            try (InputStream in = file.getInputStream(index)) {
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(text.contains("V2__Create_replication_role"), "the index lacks the Java migrations");
            }
        }
    }

    private static void assertRan(OtherJvm.Run run, int executed) {
        assertEquals(0, run.exitCode(), run.output());
        // Quarkus's own Flyway, from the application's lib/ folder, not the build's.
        assertTrue(run.output().contains("quarkus-app/lib/main/org.flywaydb.flyway-core-"), run.output());
        assertTrue(run.output().contains("executed " + executed + "\n"), run.output());
        assertFalse(run.output().contains(PASSWORD), "the password was printed");
    }
}
