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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    void passwordFileOptionGivesClickpipesUserThePasswordInTheFile() throws IOException, SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String db = server.createDatabase();
        String user = "cp_cli_file_" + Long.toHexString(System.nanoTime());
        Path file = Files.createTempFile("clickpipes-password", ".txt");
        try {
            Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
            CliRun result = CliRun.run(Map.of(), "migrate", "--url", server.jdbcUrl(db), "--user", "postgres",
                    "--clickpipes-user", user, "--password-file=" + file);
            assertEquals(Main.OK, result.exitCode(), result.all());
            assertFalse(result.all().contains(PASSWORD), "the password must never be printed");
        } finally {
            Files.deleteIfExists(file);
        }
        try (Connection login = server.login(db, user, PASSWORD); Statement statement = login.createStatement()) {
            statement.executeQuery("SELECT 1").close();
        }
    }

    @Test
    void realJarPrintsItsVersionAndNamesItselfInTheHelp() throws IOException, InterruptedException {
        JarRun version = JarRun.of(Map.of(), "--version");
        assertEquals(0, version.exitCode(), version.all());
        assertEquals("clickpipes-aurora-flyway " + System.getProperty("project.version"), version.out().strip());
        JarRun help = JarRun.of(Map.of(), "--help");
        assertTrue(help.out().startsWith("Usage: java -jar " + JarRun.jar().getFileName() + " <command>"),
                help.out());
    }

    @Test
    void realJarWithoutADatabaseDemonstratesOnAnEmbeddedPostgresInAFewLinesAndRemovesWhatItUnpacked()
            throws IOException, InterruptedException {
        Path temporary = Files.createTempDirectory("clickpipes-cli-tmp");
        try {
            JarRun demo = JarRun.of(Map.of(), List.of("-Djava.io.tmpdir=" + temporary), "migrate");
            assertEquals(0, demo.exitCode(), demo.all());
            List<String> lines = demo.out().lines().toList();
            assertTrue(lines.get(0).contains("embedded PostgreSQL"), demo.out());
            assertTrue(lines.get(lines.size() - 1).startsWith("Verified"), demo.out());
            assertTrue(lines.size() <= 12, "the whole demo fits on a screen:\n" + demo.out());
            assertEquals("", demo.err(), "no Flyway chatter without --verbose");
            assertFalse(demo.out().contains("Nothing outside this process is touched"), demo.out());
            try (Stream<Path> left = Files.list(temporary)) {
                assertEquals(List.of(), left.toList(), "the demo removes the PostgreSQL it unpacked");
            }
        } finally {
            try (Stream<Path> left = Files.walk(temporary)) {
                left.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void realJarDemoStoppedWhileRunningStillStopsItsServerAndRemovesWhatItUnpacked() throws Exception {
        Path temporary = Files.createTempDirectory("clickpipes-cli-tmp");
        Path output = Files.createTempFile("clickpipes-cli", ".out");
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + temporary, "-jar", JarRun.jar().toString(), "migrate")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            // Stop it (SIGTERM, as kill or a closing terminal does) once the unpacking has begun.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hasUnpackedSomething(temporary) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(hasUnpackedSomething(temporary) || !process.isAlive(), "the demo never unpacked");
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the demo did not stop on SIGTERM");
            try (Stream<Path> left = Files.list(temporary)) {
                assertEquals(List.of(), left.toList(), "a stopped demo leaves nothing behind:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
            try (Stream<Path> left = Files.walk(temporary)) {
                left.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static boolean hasUnpackedSomething(Path temporary) throws IOException {
        try (Stream<Path> paths = Files.walk(temporary)) {
            return paths.anyMatch(path -> path.getFileName().toString().startsWith("PG-"));
        }
    }

    @Test
    void realJarVerboseLogsFlywayOneLinePerMessageAfterOurOwnNotesAndQuietPrintsOnlyTheReport()
            throws IOException, InterruptedException, SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String verboseDb = server.createDatabase();
        JarRun verbose = JarRun.of(Map.of("CLICKPIPES_PASSWORD", PASSWORD), "migrate", "--verbose", "--url",
                server.jdbcUrl(verboseDb), "--user", "postgres", "--clickpipes-user",
                "cp_cli_v_" + Long.toHexString(System.nanoTime()));
        assertEquals(0, verbose.exitCode(), verbose.all());
        assertTrue(verbose.err().contains("INFO: Migrating schema \"clickpipes_flyway\" to version \"2"),
                verbose.err());
        for (String line : verbose.err().lines().toList()) {
            assertTrue(line.matches("(INFO|WARNING|SEVERE): \\S.*"), "one line per message, got: " + line);
        }

        String quietDb = server.createDatabase();
        JarRun quiet = JarRun.of(Map.of("CLICKPIPES_PASSWORD", PASSWORD), "migrate", "--quiet", "--url",
                server.jdbcUrl(quietDb), "--user", "postgres", "--clickpipes-user",
                "cp_cli_q_" + Long.toHexString(System.nanoTime()));
        assertEquals(0, quiet.exitCode(), quiet.all());
        assertEquals("", quiet.err(), quiet.all());
        assertTrue(quiet.out().startsWith("Applied ") && quiet.out().strip().endsWith("."), quiet.out());
        assertFalse(quiet.all().contains("Executing Java callback"), quiet.all());
    }

    /** One run of the real executable jar, {@code java -jar …-cli.jar}, in a process of its own. */
    private record JarRun(int exitCode, String out, String err) {

        static Path jar() {
            Path jar = Path.of(System.getProperty("project.build.directory", "target"),
                    "clickpipes-aurora-flyway-" + System.getProperty("project.version") + "-cli.jar");
            assertTrue(Files.isRegularFile(jar), "no executable jar at " + jar);
            return jar;
        }

        static JarRun of(Map<String, String> environment, String... args) throws IOException, InterruptedException {
            return of(environment, List.of(), args);
        }

        static JarRun of(Map<String, String> environment, List<String> jvmOptions, String... args)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar().toString()));
            command.addAll(List.of(args));
            Path output = Files.createTempFile("clickpipes-cli", ".out");
            Path errors = Files.createTempFile("clickpipes-cli", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(output.toFile()).redirectError(errors.toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_")
                        || name.startsWith("CLICKPIPES_"));
                builder.environment().putAll(environment);
                Process process = builder.start();
                boolean finished = process.waitFor(120, TimeUnit.SECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                JarRun run = new JarRun(finished ? process.exitValue() : -1,
                        Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(errors, StandardCharsets.UTF_8));
                assertTrue(finished, "did not finish within 120 s:\n" + run.all());
                return run;
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        }

        String all() {
            return out + err;
        }
    }
}
