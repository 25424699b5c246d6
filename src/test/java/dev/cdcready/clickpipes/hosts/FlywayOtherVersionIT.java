package dev.cdcready.clickpipes.hosts;

import static dev.cdcready.clickpipes.hosts.HostCatalog.APP_TABLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The API on an older flyway-core than the build's: {@link ApiRunOnOtherFlyway} runs in a JVM of its own on the
 * bundle's classes, the Flyway 12.x jars the pom copies into {@code flyway12.dir}, and the PostgreSQL driver.
 */
class FlywayOtherVersionIT {

    private static final String PASSWORD = "Older-flyway-secret-9";
    private static final Path FLYWAY_12 = Path.of(System.getProperty("flyway12.dir", "target/flyway-12"));
    private static final Path BUILD = Path.of(System.getProperty("project.build.directory", "target"));

    private record Run(int exitCode, String output) {
    }

    @Test
    void olderFlywayMigratesAndReRunsTheGrantsWhenASchemaIsAdded() throws Exception {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        String user = HostCatalog.uniqueRole("fw12");
        // The application's tables exist first (public.orders and sales.invoices, with primary keys).
        Flyway.configure().dataSource(server.superuserDataSource(database))
                .locations("classpath:hosts/app-migrations").load().migrate();

        Run first = run(server, database, "clickpipes_user=" + user, "clickpipes_schemas=public");

        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("flyway-core 12."), first.output());
        assertTrue(first.output().contains("executed 6"), first.output());
        try (Connection connection = server.superuser(database)) {
            assertFalse(HostCatalog.bool(connection, "SELECT has_table_privilege(?, 'sales.invoices', 'SELECT')::text",
                    user), "sales is not configured yet");
        }
        HostCatalog.assertReady(server, database, user, PASSWORD, List.of("public.orders"), List.of("postgres"),
                List.of("public"));

        Run second = run(server, database, "clickpipes_user=" + user, "clickpipes_schemas=public,sales");

        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("migration Grant schema access"),
                "the repeatable's checksum follows the settings on Flyway 12 too:\n" + second.output());
        HostCatalog.assertReady(server, database, user, PASSWORD, APP_TABLES, List.of("postgres"),
                List.of("public", "sales"));

        Run third = run(server, database, "clickpipes_user=" + user, "clickpipes_schemas=public,sales");

        assertEquals(0, third.exitCode(), third.output());
        assertTrue(third.output().contains("executed 0"), third.output());
        for (Run run : List.of(first, second, third)) {
            assertFalse(run.output().contains(PASSWORD), "the password was printed");
        }
    }

    private static Run run(TestServer server, String database, String... placeholders)
            throws IOException, InterruptedException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(),
                ApiRunOnOtherFlyway.class.getName(),
                server.jdbcUrl(database), "postgres"));
        command.addAll(List.of(placeholders));
        Path output = Files.createTempFile("flyway-12", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_")
                    || name.startsWith("CLICKPIPES_"));
            builder.environment().put("CLICKPIPES_PASSWORD", PASSWORD);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("no result within 120 s:\n" + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println("---- " + ApiRunOnOtherFlyway.class.getSimpleName() + " " + List.of(placeholders)
                    + " ----\n" + text);
            return new Run(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The bundle's classes, every jar of the older Flyway, the driver the build uses, and the small main. */
    private static String classPath() throws IOException, URISyntaxException {
        List<String> entries = new ArrayList<>();
        entries.add(BUILD.resolve("classes").toString());
        try (Stream<Path> jars = Files.list(FLYWAY_12)) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(jar -> entries.add(jar.toString()));
        }
        assertTrue(entries.stream().anyMatch(entry -> entry.contains("flyway-core-12.")),
                "no flyway-core 12.x in " + FLYWAY_12.toAbsolutePath() + " (run `mvn generate-test-resources`)");
        entries.add(Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        entries.add(Path.of(ApiRunOnOtherFlyway.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        return String.join(File.pathSeparator, entries);
    }
}
