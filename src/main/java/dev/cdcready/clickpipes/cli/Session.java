package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.Placeholders;
import dev.cdcready.clickpipes.connection.SearchPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * One command's database and settings.
 *
 * @param options the command line
 * @param url the JDBC URL (the embedded server's when none was given)
 * @param placeholders the {@code clickpipes_*} settings as given
 * @param settings the same, validated
 * @param environment the process environment
 */
record Session(CliOptions options, String url, Map<String, String> placeholders, ClickPipesSettings settings,
               Map<String, String> environment) {

    /** @return a new connection as the migrating role */
    Connection connect() {
        Properties properties = new Properties();
        if (options.user() != null) {
            properties.setProperty("user", options.user());
        }
        if (options.adminPassword() != null) {
            properties.setProperty("password", options.adminPassword());
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new ClickPipesException("Could not connect to " + url + " (SQLState " + e.getSQLState() + "): "
                    + e.getMessage(), e);
        }
        try {
            SearchPath.pin(connection);
            return connection;
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    /**
     * @return a new connection in a read-only transaction: the server itself guarantees the command writes nothing
     */
    Connection connectReadOnly() {
        Connection connection = connect();
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            close(connection);
            throw new ClickPipesException("Could not start a read-only transaction: " + e.getMessage(), e);
        }
    }

    /** @return the bundle's Flyway for this database */
    Flyway flyway() {
        // The callback and the migrations read System.getenv(); hand them this run's CLICKPIPES_PASSWORD too, so
        // that the environment the executable was given is the one that counts (placeholder, never logged).
        Map<String, String> flywayPlaceholders = new HashMap<>(placeholders);
        String environmentPassword = environment.get("CLICKPIPES_PASSWORD");
        if (environmentPassword != null && !environmentPassword.isEmpty()
                && flywayPlaceholders.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(Placeholders.PASSWORD))) {
            flywayPlaceholders.put(Placeholders.PASSWORD, environmentPassword);
        }
        return ClickPipesFlyway.configure(Flyway.configure(Main.class.getClassLoader())
                .dataSource(url, options.user(), options.adminPassword())
                .placeholders(flywayPlaceholders)).load();
    }

    static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing after the work is done; a failure here changes nothing the command reports.
        }
    }
}
