package dev.cdcready.clickpipes.safety.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.InvalidSettingException;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import dev.cdcready.clickpipes.testsupport.Causes;
import dev.cdcready.clickpipes.testsupport.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One bundle run through the real Flyway API, and the two outcomes the safety tests accept: refused with the setting
 * named and nothing written, or applied and usable end to end.
 */
public final class BundleRun {

    private BundleRun() {
    }

    /**
     * Runs migrate, expects it to fail, and proves the error names {@code setting} and the catalog is unchanged.
     *
     * @return the whole error text (every message of the cause chain), for further assertions
     */
    public static String assertRefused(TestServer server, String database, DataSource dataSource,
                                       Map<String, String> placeholders, String setting) throws SQLException {
        CatalogSnapshot before = CatalogSnapshot.take(server, database);
        Throwable error = null;
        try {
            ClickPipesFlyway.flyway(dataSource, placeholders).migrate();
        } catch (RuntimeException e) {
            error = e;
        }
        CatalogSnapshot after = CatalogSnapshot.take(server, database);
        assertNotNull(error, "migrate was expected to refuse " + placeholders.keySet() + " but it succeeded");
        String text = chainText(error);
        // The name must stand alone: clickpipes_publication must not pass on a message about ..._publication_scope.
        assertTrue(Pattern.compile(Pattern.quote(setting) + "(?![A-Za-z_])").matcher(text).find(),
                () -> "the error does not name " + setting + ":\n" + text);
        assertTrue(hasFix(error), () -> "the error gives no fix:\n" + text);
        String password = placeholders.get("clickpipes_password");
        if (password != null && password.strip().length() >= 8) {
            // Shorter test passwords could occur in a message by chance; the secrets suite covers leaks in depth.
            assertFalse(text.contains(password), "the error repeats the clickpipes_user password");
        }
        assertEquals(before, after, () -> "the refused run wrote to the catalog; error was:\n" + text);
        return text;
    }

    /** True when the bundle's own error is in the chain and says what to change. */
    private static boolean hasFix(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return !invalid.fix().isBlank();
            }
            if (t instanceof PreCheckRefusedException refused) {
                return !refused.report().errors().isEmpty()
                        && refused.report().errors().stream().noneMatch(f -> f.remediation().isBlank());
            }
        }
        return false;
    }

    /** Runs migrate and fails the test with the whole error chain if it does not succeed. */
    public static void migrate(DataSource dataSource, Map<String, String> placeholders) {
        try {
            ClickPipesFlyway.flyway(dataSource, placeholders).migrate();
        } catch (RuntimeException e) {
            fail("migrate failed:\n" + chainText(e), e);
        }
    }

    /** Every message of the cause chain, one per line, so a test can look for a setting's name anywhere in it. */
    public static String chainText(Throwable error) {
        return Causes.messages(error);
    }

    /**
     * Proves the accepted run end to end: clickpipes_user logs in with the password, can read {@code table}
     * (a quoted {@code "schema"."table"}), holds the replication privilege, and the publication exists.
     */
    public static void assertWorks(TestServer server, String database, String user, String password,
                                   String quotedTable, String publication) throws SQLException {
        try (Connection login = server.login(database, user, password);
             Statement statement = login.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + quotedTable)) {
            assertTrue(rs.next());
            assertEquals(user, scalar(login, "SELECT current_user"));
        }
        SQLException wrong = assertThrows(SQLException.class, () -> server.login(database, user, password + "x").close());
        assertEquals("28P01", wrong.getSQLState(), "a wrong password must fail authentication");
        try (Connection admin = server.superuser(database)) {
            assertEquals("true", scalar(admin, "SELECT has_table_privilege(?, ?, 'SELECT')", user, quotedTable));
            assertEquals("false", scalar(admin, "SELECT has_table_privilege(?, ?, 'INSERT')", user, quotedTable));
            assertEquals("true", scalar(admin, "SELECT r.rolreplication OR EXISTS (SELECT FROM pg_auth_members m"
                    + " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = 'rds_replication' AND m.member = r.oid)"
                    + " FROM pg_roles r WHERE r.rolname = ?", user));
            assertEquals("1", scalar(admin, "SELECT count(*) FROM pg_publication WHERE pubname = ?", publication));
        }
    }

    /** The first column of the first row, as text; parameters are bound as strings. */
    public static String scalar(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row: " + sql);
                }
                return rs.getString(1) == null ? null : String.valueOf(rs.getObject(1));
            }
        }
    }
}
