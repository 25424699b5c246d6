package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What the fix tests (FindingFixesIT, RefusalFixesIT, PrivilegeFixesIT) share: reading a fix and judging a rerun. */
final class FixAssertions {

    private FixAssertions() {
    }

    /** Asserts the run exits 0 and no longer reports {@code code}. */
    static void assertFixed(CliRun run, String code) {
        assertEquals(Main.OK, run.exitCode(), run.all());
        assertFalse(run.findingCodes().contains(code), code + " is still reported:\n" + run.out());
    }

    /** Asserts the run exits {@code exitCode} and reports {@code code}; @return that finding's fix */
    static String assertReported(CliRun run, int exitCode, String code) {
        assertEquals(exitCode, run.exitCode(), run.all());
        return fix(run, code);
    }

    static String fix(CliRun run, String code) {
        return (String) run.finding(code).get("fix");
    }

    /** @return the statement in {@code fix} that starts with {@code start}, through its semicolon */
    static String statement(String fix, String start) {
        int from = fix.indexOf(start);
        assertTrue(from >= 0, "no '" + start + "' in: " + fix);
        return fix.substring(from, fix.indexOf(';', from) + 1);
    }

    static String[] concat(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** @return whether {@code user} logs in to {@code database} with {@code password} */
    static boolean logsIn(TestServer server, String database, String user, String password) {
        try (Connection ignored = server.login(database, user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** @return {@code prefix} with a suffix of this run's own, a valid unquoted role or slot name */
    static String uniqueName(String prefix) {
        return prefix + "_" + Long.toHexString(System.nanoTime());
    }
}
