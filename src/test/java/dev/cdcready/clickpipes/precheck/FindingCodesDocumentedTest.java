package dev.cdcready.clickpipes.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every finding code has exactly one README troubleshooting heading, and every code a heading names exists. */
class FindingCodesDocumentedTest {

    /** A code in backticks in a heading: {@code `NOT_WRITER`} or {@code `NOT_WRITER: message…`}. */
    private static final Pattern HEADING_CODE = Pattern.compile("`([A-Z][A-Z0-9_]*[A-Z0-9])[`:]");

    @Test
    void troubleshootingHeadingsNameExactlyTheFindingCodes() throws IOException {
        Set<String> documented = new TreeSet<>();
        Set<String> twice = new TreeSet<>();
        for (String heading : troubleshooting().lines().filter(l -> l.startsWith("### ")).toList()) {
            Matcher code = HEADING_CODE.matcher(heading);
            while (code.find()) {
                if (!documented.add(code.group(1))) {
                    twice.add(code.group(1));
                }
            }
        }
        Set<String> codes = Arrays.stream(FindingCode.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> undocumented = new TreeSet<>(codes);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(codes);
        assertEquals(Set.of(), undocumented, "finding codes without a README troubleshooting heading");
        assertEquals(Set.of(), unknown, "README troubleshooting headings naming codes that do not exist");
        assertEquals(Set.of(), twice, "codes under more than one README troubleshooting heading");
    }

    private static String troubleshooting() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Troubleshooting");
        int end = readme.indexOf("\n## ", start + 5);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
