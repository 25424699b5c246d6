package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The executable: exit codes, what it prints, and what it leaves in the catalog. */
class ExecutableIT {

    private static final String PASSWORD = "Cli-test-password-1";

    @Test
    void checkOnAnAuroraReaderIsRefusedWithExitTwoAndNamesNotWriter() {
        TestServer reader = TestServers.get(ServerSpec.aurora(17).asReader());
        CliRun result = CliRun.run(Map.of(), "check", "--url", reader.jdbcUrl(TestServer.READER_DATABASE),
                "--user", "postgres");
        assertEquals(Main.REFUSED, result.exitCode(), result.all());
        assertTrue(result.all().contains("NOT_WRITER"), result.all());
    }

    @Test
    void migrateWithThePasswordFromTheEnvironmentCreatesALoginRole() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        String user = "cp_cli_" + Long.toHexString(System.nanoTime());
        try (Connection connection = server.superuser(db); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        }
        CliRun result = CliRun.run(Map.of("CLICKPIPES_PASSWORD", PASSWORD), "migrate", "--url",
                server.jdbcUrl(db), "--user", "postgres", "--clickpipes-user", user);
        assertEquals(Main.OK, result.exitCode(), result.all());
        assertTrue(result.out().contains("Verified"), result.out());
        assertFalse(result.all().contains(PASSWORD), "the password must never be printed");
        try (Connection connection = server.superuser(db);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT rolcanlogin FROM pg_roles WHERE rolname = ?")) {
            statement.setString(1, user);
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next(), "no role " + user);
                assertTrue(rs.getBoolean(1));
            }
        }
        try (Connection login = server.login(db, user, PASSWORD); Statement statement = login.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM public.orders").close();
        }
    }

    @Test
    void passwordOnTheCommandLineIsAUsageError() {
        CliRun result = CliRun.run(Map.of(), "migrate", "--password", "x");
        assertEquals(Main.USAGE, result.exitCode(), result.all());
        assertFalse(result.all().contains("Applied"), result.all());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun result = CliRun.run(Map.of(), "destroy");
        assertEquals(Main.USAGE, result.exitCode(), result.all());
        assertTrue(result.err().contains("destroy"), result.err());
    }

    @Test
    void checkOnAGoodServerExitsZero() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        CliRun result = CliRun.run(Map.of("CLICKPIPES_PASSWORD", PASSWORD), "check", "--url",
                server.jdbcUrl(db), "--user", "postgres", "--clickpipes-user",
                "cp_cli_check_" + Long.toHexString(System.nanoTime()));
        assertEquals(Main.OK, result.exitCode(), result.all());
        assertTrue(result.out().contains("Pre-check of"), result.out());
    }

    @Test
    void executableJarWithoutADatabaseDemonstratesOnAnEmbeddedPostgres() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("project.build.directory", "target"),
                "clickpipes-aurora-flyway-" + System.getProperty("project.version") + "-cli.jar");
        assertTrue(Files.isRegularFile(jar), "no executable jar at " + jar);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = Files.createTempFile("clickpipes-cli", ".out");
        Path errors = Files.createTempFile("clickpipes-cli", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString(), "migrate"))
                    .redirectOutput(output.toFile()).redirectError(errors.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_")
                    || name.startsWith("CLICKPIPES_"));
            Process process = builder.start();
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            String all = text + Files.readString(errors, StandardCharsets.UTF_8);
            assertTrue(finished, "did not finish within 120 s:\n" + all);
            assertEquals(0, process.exitValue(), all);
            String firstLine = text.lines().findFirst().orElse("");
            assertTrue(firstLine.contains("embedded PostgreSQL"), text);
            assertTrue(text.contains("Verified"), text);
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }
}
