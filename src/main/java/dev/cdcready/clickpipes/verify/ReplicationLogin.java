package dev.cdcready.clickpipes.verify;

import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.config.Authentication;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Secret;
import dev.cdcready.clickpipes.login.LoginAdvice;
import dev.cdcready.clickpipes.precheck.Finding;
import dev.cdcready.clickpipes.precheck.FindingCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Proves the path ClickPipes takes: clickpipes_user logs in with its password over a replication connection and
 * runs {@code IDENTIFY_SYSTEM}. That needs the password, LOGIN, the replication privilege and a pg_hba rule for
 * replication connections — the last is invisible to SQL, so only a real login shows it.
 */
final class ReplicationLogin {

    private ReplicationLogin() {
    }

    /**
     * @param url the JDBC URL the operator gave
     * @param settings the settings; the password is read from its source
     * @return a finding when the login fails, or INFO notes when no password is configured or the login is IAM's
     */
    static List<Finding> prove(String url, ClickPipesSettings settings) {
        if (settings.auth() == Authentication.IAM) {
            return IamVerification.notes(url, settings);
        }
        return passwordLogin(url, settings).stream().toList();
    }

    /** The refusal's own answer where the server says which it is; the usual causes otherwise. */
    private static String fix(SQLException e, ClickPipesSettings settings) {
        if ("42501".equals(e.getSQLState())) {
            String advice = LoginAdvice.of(e.getSQLState(), e.getMessage(), settings.user());
            return advice + (advice.endsWith(";") ? "" : ".") + " Then run verify again.";
        }
        return "28P01: set the password again (ALTER ROLE ... PASSWORD, or rotate-password); 28000 or no pg_hba.conf "
                + "entry: allow 'replication' connections for " + settings.user() + " (Aurora and RDS allow them for "
                + "rds_replication members); otherwise what the server's message names.";
    }

    private static Optional<Finding> passwordLogin(String url, ClickPipesSettings settings) {
        if (!settings.password().isConfigured()) {
            return Optional.of(Finding.info(FindingCode.REPLICATION_LOGIN_NOT_TRIED, "The replication login of "
                    + settings.user() + " was not tried: no password is configured.", "Set CLICKPIPES_PASSWORD "
                    + "(or clickpipes_password_file) to have verify log in the way ClickPipes does."));
        }
        Properties properties = new Properties();
        properties.setProperty("user", settings.user().value());
        properties.setProperty("replication", "database");
        properties.setProperty("assumeMinServerVersion", "9.4");
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("connectTimeout", "10");
        try (Secret secret = settings.password().read()) {
            properties.setProperty("password", new String(secret.chars()));
            try (Connection connection = DriverManager.getConnection(JdbcUrl.forAnotherRole(url), properties);
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("IDENTIFY_SYSTEM")) {
                rs.next();
                return Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.of(Finding.error(FindingCode.REPLICATION_LOGIN_FAILED, settings.user() + " could not open a "
                    + "replication connection and run IDENTIFY_SYSTEM (SQLState " + e.getSQLState() + ": "
                    + e.getMessage() + ").", fix(e, settings)));
        } finally {
            properties.remove("password");
        }
    }
}
