package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_TABLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle's API ({@code ClickPipesFlyway}) on flyway-core releases older than the build's 13.12: 10.20.1 (the one
 * Spring Boot 3.4 manages), 11.7.2 (Boot 3.5) and 12.4.0 (Boot 4.1). Each run is a JVM of its own on the bundle's
 * classes and nothing but that flyway-core, its PostgreSQL support and the driver ({@link HostClassPath}); the password
 * comes from the environment variable CLICKPIPES_PASSWORD.
 */
class FlywayOtherVersionIT {

    private static final String PASSWORD = "Older-flyway-secret-9";

    @ParameterizedTest(name = "flyway-core {0}")
    @ValueSource(strings = {"10.20.1", "11.7.2", "12.4.0"})
    void apiMigratesAndReRunsTheGrantsWhenASchemaIsAdded(String flywayVersion) throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("fw" + flywayVersion.replace(".", ""));
        // The application's tables exist first (public.orders and sales.invoices, with primary keys).
        Flyway.configure().dataSource(server.applicationDataSource(database))
                .locations("classpath:hosts/app-migrations").load().migrate();
        String url = server.jdbcUrl(database);
        List<String> classPath = HostClassPath.of("flyway", Map.of("flyway.version", flywayVersion));

        OtherJvm.Run first = OtherJvm.run(ApiRunOnOtherFlyway.class, classPath, PASSWORD, url, "postgres",
                "clickpipes_user=" + user, "clickpipes_schemas=public");

        assertRanOn(flywayVersion, first, 6);
        try (Connection connection = server.superuser(database)) {
            assertFalse(Sql.bool(connection, "SELECT has_table_privilege(?, 'sales.invoices', 'SELECT')::text",
                    user), "sales is not configured yet");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, List.of("public.orders"), List.of("postgres"),
                List.of("public"));

        OtherJvm.Run second = OtherJvm.run(ApiRunOnOtherFlyway.class, classPath, PASSWORD, url, "postgres",
                "clickpipes_user=" + user, "clickpipes_schemas=public,sales");

        assertRanOn(flywayVersion, second, 2);
        assertTrue(second.output().contains("migration Grant schema access"),
                "the repeatable's checksum follows the settings on this Flyway too:\n" + second.output());
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));

        OtherJvm.Run third = OtherJvm.run(ApiRunOnOtherFlyway.class, classPath, PASSWORD, url, "postgres",
                "clickpipes_user=" + user, "clickpipes_schemas=public,sales");

        assertRanOn(flywayVersion, third, 0);
        try (Connection connection = server.superuser(database)) {
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
            Convergence.drift(connection, user);
        }

        OtherJvm.Run repair = OtherJvm.run(ApiRunOnOtherFlyway.class, classPath, PASSWORD, url, "postgres",
                "clickpipes_user=" + user, "clickpipes_schemas=public,sales");

        assertRanOn(flywayVersion, repair, 2);
        assertTrue(repair.output().contains("ClickPipes repaired drift"), repair.output());
        try (Connection connection = server.superuser(database)) {
            Convergence.assertVerifies(connection, user, "public,sales");
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
        }
    }

    private static void assertRanOn(String flywayVersion, OtherJvm.Run run, int executed) {
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("flyway-core " + flywayVersion + " from ")
                && run.output().contains("/flyway-core-" + flywayVersion + ".jar"), run.output());
        assertTrue(run.output().contains("executed " + executed + "\n"), run.output());
        assertFalse(run.output().contains(PASSWORD), "the password was printed");
    }
}
