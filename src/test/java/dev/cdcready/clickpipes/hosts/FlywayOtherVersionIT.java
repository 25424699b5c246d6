package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_SCRIPTS;
import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_TABLES;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_HISTORY;
import static dev.cdcready.clickpipes.hosts.HostCatalog.BUNDLE_SCRIPTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.Sql;
import dev.cdcready.clickpipes.testsupport.PlantedObjects;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The bundle on an older flyway-core than the build's, 12.4.0 — the one Spring Boot 4.1 manages, so the one a Boot
 * application gets. Each run is a JVM of its own on the bundle's classes and the Flyway 12.x jars the pom copies into
 * {@code flyway12.dir}; the password comes from the environment variable CLICKPIPES_PASSWORD.
 */
class FlywayOtherVersionIT {

    private static final String PASSWORD = "Older-flyway-secret-9";
    private static final Path FLYWAY_12 = Path.of(System.getProperty("flyway12.dir", "target/flyway-12"));
    private static final Path BUILD = Path.of(System.getProperty("project.build.directory", "target"));

    private record Run(int exitCode, String output) {
    }

    @Test
    void apiOnFlyway12MigratesAndReRunsTheGrantsWhenASchemaIsAdded() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("fw12");
        // The application's tables exist first (public.orders and sales.invoices, with primary keys).
        Flyway.configure().dataSource(server.applicationDataSource(database))
                .locations("classpath:hosts/app-migrations").load().migrate();
        String url = server.jdbcUrl(database);

        Run first = run(ApiRunOnOtherFlyway.class, List.of(), url, "postgres", "clickpipes_user=" + user,
                "clickpipes_schemas=public");

        assertRanOnFlyway12(first, 6);
        try (Connection connection = server.superuser(database)) {
            assertFalse(Sql.bool(connection, "SELECT has_table_privilege(?, 'sales.invoices', 'SELECT')::text",
                    user), "sales is not configured yet");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, List.of("public.orders"), List.of("postgres"),
                List.of("public"));

        Run second = run(ApiRunOnOtherFlyway.class, List.of(), url, "postgres", "clickpipes_user=" + user,
                "clickpipes_schemas=public,sales");

        assertRanOnFlyway12(second, 2);
        assertTrue(second.output().contains("migration Grant schema access"),
                "the repeatable's checksum follows the settings on Flyway 12 too:\n" + second.output());
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));

        Run third = run(ApiRunOnOtherFlyway.class, List.of(), url, "postgres", "clickpipes_user=" + user,
                "clickpipes_schemas=public,sales");

        assertRanOnFlyway12(third, 0);
        try (Connection connection = server.superuser(database)) {
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
            Convergence.drift(connection, user);
        }

        Run repair = run(ApiRunOnOtherFlyway.class, List.of(), url, "postgres", "clickpipes_user=" + user,
                "clickpipes_schemas=public,sales");

        assertRanOnFlyway12(repair, 2);
        assertTrue(repair.output().contains("ClickPipes repaired drift"), repair.output());
        try (Connection connection = server.superuser(database)) {
            Convergence.assertVerifies(connection, user, "public,sales");
            Convergence.assertChecksumsFromTheHook(connection, user, "public,sales");
        }
    }

    @Test
    void springBootOnItsManagedFlywayRunsTheBundleAfterTheApplicationsMigrations() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("boot12");

        Run boot = run(BootRunOnOtherFlyway.class, testDependencies(),
                // The application's own sessions may meet the planted objects; the bundle's connection may not.
                "--spring.datasource.url=" + server.jdbcUrl(database) + "?ApplicationName="
                        + PlantedObjects.APPLICATION,
                "--spring.datasource.username=postgres",
                "--spring.flyway.locations=classpath:hosts/app-migrations",
                "--clickpipes.datasource.url=" + server.jdbcUrl(database),
                "--clickpipes.datasource.username=postgres",
                "--clickpipes.enabled=true",
                "--clickpipes.schemas=public,sales",
                "--clickpipes.user=" + user);

        assertRanOnFlyway12(boot, 6);
        try (Connection connection = server.superuser(database)) {
            assertEquals(APP_SCRIPTS, HostCatalog.historyScripts(connection, APP_HISTORY));
            assertEquals(BUNDLE_SCRIPTS, HostCatalog.historyScripts(connection, BUNDLE_HISTORY));
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));
    }

    private static void assertRanOnFlyway12(Run run, int executed) {
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("flyway-core 12.") && run.output().contains("flyway-12/flyway-core-12."),
                run.output());
        assertTrue(run.output().contains("executed " + executed + "\n"), run.output());
        assertFalse(run.output().contains(PASSWORD), "the password was printed");
    }

    private static Run run(Class<?> main, List<String> dependencies, String... args)
            throws IOException, InterruptedException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(dependencies), main.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("flyway-12", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_")
                    || name.startsWith("CLICKPIPES_") || name.startsWith("SPRING_"));
            builder.environment().put("CLICKPIPES_PASSWORD", PASSWORD);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("no result within 120 s:\n" + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println("---- " + main.getSimpleName() + " " + List.of(args) + " ----\n" + text);
            return new Run(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * The bundle's classes, every jar of the older Flyway (first, so they win over any duplicate), the driver the
     * build uses, the given further jars, and the test classes with the small mains.
     */
    private static String classPath(List<String> dependencies) throws IOException, URISyntaxException {
        List<String> entries = new ArrayList<>();
        entries.add(BUILD.resolve("classes").toString());
        try (Stream<Path> jars = Files.list(FLYWAY_12)) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(jar -> entries.add(jar.toString()));
        }
        assertTrue(entries.stream().anyMatch(entry -> entry.contains("flyway-core-12.")),
                "no flyway-core 12.x in " + FLYWAY_12.toAbsolutePath() + " (run `mvn generate-test-resources`)");
        entries.add(Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        entries.addAll(dependencies);
        entries.add(Path.of(ApiRunOnOtherFlyway.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        return String.join(File.pathSeparator, entries);
    }

    /** The build's test class path (Spring Boot, Hikari …) without its Flyway, as the pom wrote it. */
    private static List<String> testDependencies() throws IOException {
        Path file = FLYWAY_12.resolve("test-classpath.txt");
        assertTrue(Files.isRegularFile(file), "no " + file.toAbsolutePath() + " (run `mvn generate-test-resources`)");
        List<String> entries = List.of(Files.readString(file, StandardCharsets.UTF_8).strip().split(File.pathSeparator));
        assertFalse(entries.stream().anyMatch(entry -> entry.contains("flyway-core-13.")), entries.toString());
        return entries;
    }
}
