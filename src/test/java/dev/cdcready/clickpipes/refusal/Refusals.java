package dev.cdcready.clickpipes.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.PreCheckRefusedException;
import dev.cdcready.clickpipes.testsupport.CatalogSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/** Small shared pieces of the refusal tests. */
final class Refusals {

    static final String PASSWORD = "Cp-test-password-1";

    private Refusals() {
    }

    /** A clickpipes_user name of its own, so that shared servers never see a role of another test. */
    static String uniqueUser() {
        return "cp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Placeholders with a unique clickpipes_user and its password. */
    static Map<String, String> placeholders(String user, String... more) {
        Map<String, String> placeholders = new HashMap<>();
        placeholders.put("clickpipes_user", user);
        placeholders.put("clickpipes_password", PASSWORD);
        for (int i = 0; i < more.length; i += 2) {
            placeholders.put(more[i], more[i + 1]);
        }
        return placeholders;
    }

    static <T extends Throwable> T inChain(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Runs the action, expects a refusal and returns the error finding of that code (which has a fix). */
    static Finding refusedWith(String code, Executable action) {
        Throwable thrown = assertThrows(Throwable.class, action);
        PreCheckRefusedException refused = inChain(thrown, PreCheckRefusedException.class);
        assertNotNull(refused, () -> "no PreCheckRefusedException in the chain of " + thrown);
        Finding finding = refused.report().errors().stream().filter(f -> f.code().name().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no error " + code + " in: " + refused.report().render()));
        assertFalse(finding.remediation().isBlank(), "the finding has no fix");
        assertFalse(finding.message().isBlank(), "the finding has no message");
        return finding;
    }

    static boolean roleExists(Connection connection, String role) throws SQLException {
        return bool(connection, "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?)", role);
    }

    static boolean publicationExists(Connection connection, String publication) throws SQLException {
        return bool(connection, "SELECT EXISTS (SELECT FROM pg_publication WHERE pubname = ?)", publication);
    }

    static boolean isMember(Connection connection, String member, String group) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT FROM pg_auth_members m"
                + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member"
                + " WHERE g.rolname = ? AND r.rolname = ?)");
        try (statement) {
            statement.setString(1, group);
            statement.setString(2, member);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static boolean hasReplicationAttribute(Connection connection, String role) throws SQLException {
        return bool(connection, "SELECT rolreplication FROM pg_roles WHERE rolname = ?", role);
    }

    static boolean bool(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for " + parameter + ": " + sql);
                }
                return rs.getBoolean(1);
            }
        }
    }

    static void assertUnchanged(CatalogSnapshot before, CatalogSnapshot after) {
        assertEquals(before, after, "the refused run wrote to the catalog");
    }
}
