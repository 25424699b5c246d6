package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class CliOptionsTest {

    @Test
    void mapsOptionsToPlaceholdersAndReadsTheFlywayEnvironment() {
        CliOptions options = CliOptions.parse(new String[] {"migrate", "--schemas=public,sales", "--scope", "schemas"},
                Map.of("FLYWAY_URL", "jdbc:postgresql://h/db", "FLYWAY_USER", "admin", "FLYWAY_PASSWORD", "pw",
                        "FLYWAY_PLACEHOLDERS_CLICKPIPES_PUBLICATION", "cdc"));
        assertEquals("migrate", options.command());
        assertEquals("jdbc:postgresql://h/db", options.url());
        assertEquals("admin", options.user());
        assertEquals(Map.of("clickpipes_schemas", "public,sales", "clickpipes_publication_scope", "schemas",
                "clickpipes_publication", "cdc"), options.placeholders());
    }

    @Test
    void ignoreSlotIsRepeatableAndKeepsEveryName() {
        CliOptions options = CliOptions.parse(new String[] {"teardown", "--ignore-slot=debezium",
                "--ignore-slot", "Audit Slot"}, Map.of());
        assertEquals(java.util.List.of("debezium", "Audit Slot"), options.ignoredSlots());
        assertEquals(java.util.List.of(), CliOptions.parse(new String[] {"teardown"}, Map.of()).ignoredSlots());
    }

    @Test
    void leavesTheUrlUnsetSoTheEmbeddedServerIsUsed() {
        assertNull(CliOptions.parse(new String[] {"migrate"}, Map.of()).url());
    }

    @Test
    void refusesPasswordsOnTheCommandLine() {
        UsageException error = assertThrows(UsageException.class,
                () -> CliOptions.parse(new String[] {"migrate", "--password=hunter2"}, Map.of()));
        assertFalse(error.getMessage().contains("hunter2"));
        assertTrue(error.getMessage().contains("CLICKPIPES_PASSWORD"));
    }

    @Test
    void masksTheAdminPasswordWhenPrinted() {
        CliOptions options = CliOptions.parse(new String[] {"check"}, Map.of("FLYWAY_PASSWORD", "hunter2"));
        assertFalse(options.toString().contains("hunter2"), options.toString());
    }

    @Test
    void exitsWith64OnUsageErrors() {
        assertEquals(Main.USAGE, run("frobnicate"));
        assertEquals(Main.USAGE, run("migrate", "--nonsense=1"));
        assertEquals(Main.USAGE, run());
        assertEquals(Main.OK, run("--help"));
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : new String[] {"migrate", "check", "verify", "plan", "info", "teardown",
            "rotate-password"}) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
            assertEquals(Main.OK, new Main(stream, stream, Map.of()).run(new String[] {command, "--help"}));
            String help = sink.toString(StandardCharsets.UTF_8);
            assertTrue(help.startsWith("Usage: java -jar " + Version.jarName() + " " + command), help);
            assertFalse(help.contains("clickpipes-aurora-flyway-cli.jar"), "the jar's real name carries the version");
            assertTrue(help.contains("--json"), help);
        }
    }

    @Test
    void readsTheFlagsOfTheOperatorCommands() {
        CliOptions options = CliOptions.parse(new String[] {"teardown", "--yes", "--json"}, Map.of());
        assertTrue(options.yes());
        assertTrue(options.json());
        assertEquals("1GB", CliOptions.parse(new String[] {"verify", "--slot-wal-limit=1GB"}, Map.of())
                .slotWalLimit());
        assertFalse(CliOptions.parse(new String[] {"verify"}, Map.of()).json());
    }

    @Test
    void aUsageErrorWithJsonIsOneJsonDocument() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, new Main(stream, stream, Map.of()).run(new String[] {"frobnicate", "--json"}));
        String json = sink.toString(StandardCharsets.UTF_8).strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertTrue(json.contains("\"status\": \"usage\"") && json.contains("\"exitCode\": 64"), json);
        assertTrue(json.contains("\"code\": \"USAGE\""), json);
    }

    @Test
    void operatorCommandsOtherThanMigrateAndCheckNeedADatabase() {
        assertEquals(Main.USAGE, run("verify"));
        assertEquals(Main.USAGE, run("teardown", "--yes"));
    }

    @Test
    void versionPrintsTheVersionAndExitsZeroWhateverElseIsGiven() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(Main.OK, new Main(stream, stream, Map.of()).run(new String[] {"--version"}));
        assertEquals("clickpipes-aurora-flyway " + Version.version(), sink.toString(StandardCharsets.UTF_8).strip());
        assertEquals(Main.OK, run("migrate", "--version"));
    }

    @Test
    void aSlotWalLimitThatIsNotASizeIsAUsageErrorNamingTheFix() {
        UsageException error = assertThrows(UsageException.class,
                () -> CliOptions.parse(new String[] {"verify", "--slot-wal-limit=lots"}, Map.of()));
        assertTrue(error.getMessage().contains("'lots' is not a size") && error.getMessage().contains("e.g. 1GB"),
                error.getMessage());
        assertEquals(Main.USAGE, run("verify", "--url=jdbc:postgresql://h/db", "--slot-wal-limit=lots"));
    }

    @Test
    void passwordFileOptionIsTheClickpipesPasswordFileSetting() {
        CliOptions options = CliOptions.parse(new String[] {"migrate", "--password-file=/run/secrets/cp"}, Map.of());
        assertEquals(Map.of("clickpipes_password_file", "/run/secrets/cp"), options.placeholders());
    }

    @Test
    void quietAndVerboseChooseHowMuchIsSaidButNotBoth() {
        assertEquals(Verbosity.NORMAL, CliOptions.parse(new String[] {"migrate"}, Map.of()).verbosity());
        assertEquals(Verbosity.QUIET, CliOptions.parse(new String[] {"migrate", "--quiet"}, Map.of()).verbosity());
        assertEquals(Verbosity.VERBOSE, CliOptions.parse(new String[] {"--verbose", "check"}, Map.of()).verbosity());
        assertThrows(UsageException.class,
                () -> CliOptions.parse(new String[] {"migrate", "--quiet", "--verbose"}, Map.of()));
    }

    @Test
    void everyLogRecordIsOneLineWithItsLevelAndItsCause() {
        LogRecord record = new LogRecord(Level.WARNING, "Lock wait on\n  public.orders");
        record.setThrown(new IllegalStateException("timeout"));
        assertEquals("WARNING: Lock wait on public.orders (java.lang.IllegalStateException: timeout)"
                + System.lineSeparator(), new ConsoleLogging.OneLineFormatter().format(record));
    }

    private static int run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new Main(stream, stream, Map.of()).run(args);
    }
}
