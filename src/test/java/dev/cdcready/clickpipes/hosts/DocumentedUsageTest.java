package dev.cdcready.clickpipes.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md's "Flyway command line" section and {@link DocumentedUsage} (what the host integration tests run)
 * the same: every {@code flyway …} command and every {@code flyway.toml} there must be the tested one, with the
 * README's example values.
 */
class DocumentedUsageTest {

    private static final String URL = "jdbc:postgresql://mycluster.cluster-abc123.us-east-1.rds.amazonaws.com:5432/app";
    private static final String USER = "postgres";
    private static final Path BUNDLE_FOLDER = Path.of("/opt/clickpipes-bundle");
    private static final String SCHEMAS = "public,sales";
    private static final Pattern BLOCK = Pattern.compile("```(sh|toml)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyFlywayCommandInTheReadmeIsTheTestedOne() throws IOException {
        List<List<String>> commands = new ArrayList<>();
        for (String block : blocks("sh")) {
            for (String line : block.replace("\\\n", " ").split("\n")) {
                // The shell removes the quotes around the URL (its '?' would otherwise be a glob).
                List<String> words = Arrays.asList(line.trim().replace("'", "").split("\\s+"));
                if (words.get(0).equals("flyway")) {
                    commands.add(words.subList(1, words.size()));
                }
            }
        }
        List<String> documented = DocumentedUsage.command(URL, USER, BUNDLE_FOLDER, SCHEMAS);
        assertTrue(commands.contains(documented), "README.md has no `flyway " + String.join(" ", documented)
                + "`; it has " + commands);
        for (List<String> command : commands) {
            assertTrue(command.equals(documented)
                            || command.equals(DocumentedUsage.tomlCommand(Path.of("flyway.toml"))),
                    "README.md documents an untested command: flyway " + String.join(" ", command));
        }
    }

    @Test
    void everyFlywayTomlInTheReadmeIsTheTestedOne() throws IOException {
        for (String toml : blocks("toml")) {
            assertEquals(DocumentedUsage.toml(URL, USER, BUNDLE_FOLDER, SCHEMAS), toml);
        }
    }

    /** The code blocks of one language in the "Flyway command line" section. */
    private static List<String> blocks(String language) throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("basedir", "."), "README.md"),
                StandardCharsets.UTF_8);
        int start = readme.indexOf("### Flyway command line");
        assertFalse(start < 0, "README.md has no section \"### Flyway command line\"");
        int end = readme.indexOf("\n## ", start);
        Matcher matcher = BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1).equals(language)) {
                blocks.add(matcher.group(2));
            }
        }
        return blocks;
    }
}
