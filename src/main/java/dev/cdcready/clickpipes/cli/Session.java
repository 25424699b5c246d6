package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.ClickPipesException;
import dev.cdcready.clickpipes.api.ClickPipesFlyway;
import dev.cdcready.clickpipes.config.ClickPipesSettings;
import dev.cdcready.clickpipes.config.JdbcUrl;
import dev.cdcready.clickpipes.precheck.PoolerCheck;
import dev.cdcready.clickpipes.connection.SearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * One command's database and settings.
 *
 * @param options the command line
 * @param target the JDBC URL (the embedded server's when none was given), its secrets taken out
 * @param placeholders the {@code clickpipes_*} settings as given
 * @param settings the same, validated
 * @param environment the process environment
 * @param directSessionsProven whether {@link PoolerCheck#requireDirectSessions} passed for this endpoint already
 */
record Session(CliOptions options, JdbcUrl target, Map<String, String> placeholders, ClickPipesSettings settings,
               Map<String, String> environment, boolean directSessionsProven) {

    /** The commands that only read: every connection they open, Flyway's included, is read-only. */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of("check", "plan", "verify", "info");

    /**
     * Refuses a transaction pooler before Flyway's first query: through one, nothing after this would be one session.
     *
     * @return this session, marked so that the bundle's callback does not ask again
     */
    Session requireDirectSessions() {
        PoolerCheck.requireDirectSessions(this::connect);
        return new Session(options, target, placeholders, settings, environment, true);
    }

    /** @return the URL for the driver, without any password */
    String url() {
        return target.driverUrl();
    }

    /** @return the URL for people: {@link JdbcUrl#redact(String)} */
    String shownUrl() {
        return target.toString();
    }

    /** @return a new connection as the migrating role */
    Connection connect() {
        return open(dataSource(false));
    }

    /**
     * @return a new connection in a read-only transaction, on a session that is read-only throughout: the server
     *     itself guarantees the command writes nothing
     */
    Connection connectReadOnly() {
        Connection connection = open(dataSource(true));
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            close(connection);
            throw new ClickPipesException("Could not start a read-only transaction: " + e.getMessage(), e);
        }
    }

    private Connection open(CommandDataSource dataSource) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new ClickPipesException("Could not connect to " + shownUrl() + " (SQLState " + e.getSQLState()
                    + "): " + e.getMessage(), e);
        }
        try {
            SearchPath.pin(connection);
            return connection;
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    private CommandDataSource dataSource(boolean readOnly) {
        Properties properties = new Properties();
        if (options.user() != null) {
            properties.setProperty("user", options.user());
        }
        if (options.adminPassword() != null) {
            properties.setProperty("password", options.adminPassword());
        }
        return new CommandDataSource(url(), target.addTo(properties), readOnly, directSessionsProven);
    }

    /**
     * @return the bundle's Flyway for this database; read-only for a command that only reads. This run's
     *     CLICKPIPES_PASSWORD reaches the bundle through its callback, never through a Flyway placeholder.
     */
    Flyway flyway() {
        return ClickPipesFlyway.configure(Flyway.configure(Main.class.getClassLoader())
                .dataSource(dataSource(READ_ONLY_COMMANDS.contains(options.command())))
                .placeholders(placeholders), environment).load();
    }

    static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing after the work is done; a failure here changes nothing the command reports.
        }
    }
}
