package dev.cdcready.clickpipes.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every finding code is named in at least one integration test ({@code *IT.java} under src/test/java), where real
 * PostgreSQL makes it appear — and, for most, its fix run literally makes it go away (FindingFixesIT, RefusalFixesIT,
 * PrivilegeFixesIT, ConvergeIT, CdcReadinessIT, ExcessRightsDriftIT). The codes no integration test names yet are
 * listed here, so that a new code without a test fails the build and a list entry that gains a test must be removed.
 */
class FindingCodesProvenTest {

    /**
     * Named in no integration test yet; each one is work left, not an exemption. VERSION_UNTESTED needs a server newer
     * than the newest tested major, and the newest binaries on Maven Central are that major.
     */
    private static final Set<String> NOT_YET_IN_AN_IT = Set.of("VERSION_UNTESTED");

    /** Codes an integration test asserts through a constant rather than by name. */
    private static final Map<String, String> NAMED_THROUGH = Map.of("TRANSACTION_POOLER", "PoolerCheck.CODE");

    @Test
    void everyFindingCodeIsNamedInAnIntegrationTestExceptTheListedOnes() throws IOException {
        List<String> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            sources = files.filter(f -> f.getFileName().toString().endsWith("IT.java")).map(FindingCodesProvenTest::read)
                    .toList();
        }
        Set<String> unnamed = Arrays.stream(FindingCode.values()).map(Enum::name)
                .filter(code -> sources.stream().noneMatch(Pattern.compile("\\b" + Pattern.quote(
                        NAMED_THROUGH.getOrDefault(code, code)) + "\\b").asPredicate()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(NOT_YET_IN_AN_IT), unnamed, "finding codes named in no *IT.java (add a test, or "
                + "remove a code from NOT_YET_IN_AN_IT once a test names it)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
