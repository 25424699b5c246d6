package dev.cdcready.clickpipes.cli;

import dev.cdcready.clickpipes.config.JdbcUrl;
import java.io.PrintWriter;
import dev.cdcready.clickpipes.precheck.PoolerCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connections of one command, for its own queries and for its Flyway alike: the URL without secrets, the
 * passwords as properties. For a command that only reads, every connection is read-only for the whole session from
 * the first statement on, so no transaction on it — Flyway's included, and whatever code a query ends up calling —
 * can write or be given a transaction id.
 */
final class CommandDataSource implements DataSource, PoolerCheck.ProvenDirect {

    private final String url;
    private final Properties properties;
    private final boolean readOnly;
    private final boolean directSessionsProven;

    /**
     * @param url the JDBC URL, without secrets
     * @param properties user, password and any other secret taken from the URL; copied for each connection
     * @param readOnly whether every session is read-only
     * @param directSessionsProven whether the executable already refused a transaction pooler on this endpoint
     */
    CommandDataSource(String url, Properties properties, boolean readOnly, boolean directSessionsProven) {
        this.url = url;
        this.properties = properties;
        this.readOnly = readOnly;
        this.directSessionsProven = directSessionsProven;
    }

    @Override
    public boolean directSessionsProven() {
        return directSessionsProven;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = DriverManager.getConnection(url, (Properties) properties.clone());
        if (readOnly) {
            try (Statement statement = connection.createStatement()) {
                // A utility statement: it names no function or operator that a planted object could stand in for.
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the command's connection settings are fixed");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Nothing is logged here.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The driver's own loginTimeout property applies.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "CommandDataSource[" + JdbcUrl.redact(url) + (readOnly ? ", read-only]" : "]");
    }
}
