package dev.cdcready.clickpipes.login;

import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.config.Identifier;
import dev.cdcready.clickpipes.config.PasswordSource;
import dev.cdcready.clickpipes.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Whether a password is a role's, proven the only way PostgreSQL allows: a real login to the same server and
 * database, with the operator's URL stripped of its own credentials. Nothing is sent but the login itself, and the
 * password never appears in a message.
 */
public final class PasswordProbe {

    /** PostgreSQL's invalid_password: the server checked the password and it was wrong. */
    private static final String INVALID_PASSWORD = "28P01";

    /**
     * What the login showed.
     *
     * @param verdict the answer
     * @param detail for {@link Verdict#UNPROVEN}: the SQLState and the server's message; empty otherwise
     * @param letIn for {@link Verdict#UNPROVEN}: what lets the role in ({@link LoginAdvice}); empty otherwise
     */
    public record Result(Verdict verdict, String detail, String letIn) {
    }

    /** The possible answers. */
    public enum Verdict {
        /** The password logs in. */
        MATCHES,
        /** The server rejected the password itself (28P01). */
        MISMATCH,
        /** The login failed for another reason (no pg_hba rule, NOLOGIN, network): the password was not judged. */
        UNPROVEN
    }

    private PasswordProbe() {
    }

    /**
     * @param url the JDBC URL of the database, as the operator gave it; null when unknown
     * @param role the role to log in as
     * @param password the password to try
     * @return what the login showed
     */
    public static Result attempt(String url, Identifier role, PasswordSource password) {
        if (url == null) {
            return new Result(Verdict.UNPROVEN, "the connection's JDBC URL is unknown, so no login was tried",
                    LoginAdvice.of(null, null, role));
        }
        Properties properties = new Properties();
        properties.setProperty("user", role.value());
        properties.setProperty("connectTimeout", "10");
        try (Secret secret = password.read()) {
            properties.setProperty("password", new String(secret.chars()));
            try (Connection ignored = DriverManager.getConnection(JdbcUrl.forAnotherRole(url), properties)) {
                return new Result(Verdict.MATCHES, "", "");
            }
        } catch (SQLException e) {
            return INVALID_PASSWORD.equals(e.getSQLState()) ? new Result(Verdict.MISMATCH, "", "")
                    : new Result(Verdict.UNPROVEN, "SQLState " + e.getSQLState() + ": " + e.getMessage(),
                            LoginAdvice.of(e.getSQLState(), e.getMessage(), role));
        } finally {
            properties.remove("password");
        }
    }
}
