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

    private static int run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new Main(stream, stream, Map.of()).run(args);
    }
}
