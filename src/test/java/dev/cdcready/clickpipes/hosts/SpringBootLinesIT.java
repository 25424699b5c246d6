package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_SCRIPTS;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_TABLES;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_SCRIPTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.PlantedObjects;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one jar's Spring Boot auto-configuration on each supported Boot line, each a real application in a JVM of its
 * own on nothing but that Boot release's jars and the Flyway it manages (resolved by {@link HostClassPath}), plus the
 * bundle's classes: the application's own Flyway migrates first, then the bundle, and a restart applies nothing; on
 * 3.5 and 4.1, after drift, one more restart repairs it.
 */
class SpringBootLinesIT {

    private static final String PASSWORD = "Boot-lines-secret-4";

    /**
     * @param bootVersion   the Spring Boot release
     * @param pom           {@code boot3} or {@code boot4} under {@code src/test/host-poms}: Boot 4 moved Flyway's
     *                      auto-configuration into a starter of its own
     * @param flywayVersion the flyway-core that Boot release manages
     * @param driftRestart  whether the test also drifts the setup and restarts once more (the oldest and newest line:
     *                      each restart is a JVM of its own)
     */
    record BootLine(String bootVersion, String pom, String flywayVersion, boolean driftRestart) {
        @Override
        public String toString() {
            return bootVersion;
        }
    }

    static List<BootLine> bootLines() {
        return List.of(
                new BootLine("3.5.7", "boot3", "11.7.2", true),
                new BootLine("4.0.7", "boot4", "11.14.1", false),
                new BootLine("4.1.2", "boot4", "12.4.0", true));
    }

    @ParameterizedTest(name = "Spring Boot {0}")
    @MethodSource("bootLines")
    void autoConfigurationRunsTheBundleAfterTheApplicationsFlywayOnBootsManagedFlyway(BootLine line)
            throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("boot" + line.bootVersion().replace(".", ""));
        List<String> classPath = HostClassPath.of(line.pom(), Map.of("spring-boot.version", line.bootVersion()));
        String[] properties = {
                // The application's own sessions may meet the planted objects; the bundle's connection may not.
                "--spring.datasource.url=" + server.jdbcUrl(database) + "?ApplicationName="
                        + PlantedObjects.APPLICATION,
                "--spring.datasource.username=postgres",
                "--spring.flyway.locations=classpath:hosts/app-migrations",
                "--clickpipes.datasource.url=" + server.jdbcUrl(database),
                "--clickpipes.datasource.username=postgres",
                "--clickpipes.enabled=true",
                "--clickpipes.schemas=public,sales",
                "--clickpipes.user=" + user};

        OtherJvm.Run first = OtherJvm.run(BootRunOnOtherFlyway.class, classPath, PASSWORD, properties);

        assertRanOn(line, first, 6);
        try (Connection connection = server.superuser(database)) {
            assertEquals(APP_SCRIPTS, HostCatalog.historyScripts(connection, APP_HISTORY));
            assertEquals(BUNDLE_SCRIPTS, HostCatalog.historyScripts(connection, BUNDLE_HISTORY));
            assertTrue(Sql.bool(connection, "SELECT ((SELECT min(installed_on) FROM " + BUNDLE_HISTORY
                    + ") >= (SELECT max(installed_on) FROM " + APP_HISTORY + "))::text"), "the bundle ran second");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));

        OtherJvm.Run restart = OtherJvm.run(BootRunOnOtherFlyway.class, classPath, PASSWORD, properties);

        assertRanOn(line, restart, 0);
        try (Connection connection = server.superuser(database)) {
            assertEquals(APP_SCRIPTS, HostCatalog.historyScripts(connection, APP_HISTORY));
            assertEquals(BUNDLE_SCRIPTS, HostCatalog.historyScripts(connection, BUNDLE_HISTORY));
        }
        if (!line.driftRestart()) {
            return;
        }
        try (Connection connection = server.superuser(database)) {
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
            Convergence.drift(connection, user);
            assertTrue(Convergence.drifted(connection, user, "public,sales"));
        }

        OtherJvm.Run repair = OtherJvm.run(BootRunOnOtherFlyway.class, classPath, PASSWORD, properties);

        assertRanOn(line, repair, 2);
        assertTrue(repair.output().contains("ClickPipes repaired drift"), repair.output());
        try (Connection connection = server.superuser(database)) {
            Convergence.assertVerifies(connection, user, "public,sales");
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));
    }

    private static void assertRanOn(BootLine line, OtherJvm.Run run, int executed) {
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("spring-boot " + line.bootVersion() + "\n"), run.output());
        assertTrue(run.output().contains("flyway-core " + line.flywayVersion() + " from ")
                && run.output().contains("/flyway-core-" + line.flywayVersion() + ".jar"), run.output());
        assertTrue(run.output().contains("executed " + executed + "\n"), run.output());
        assertFalse(run.output().contains(PASSWORD), "the password was printed");
    }
}
