package dev.cdcready.clickpipes.connection;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source the bundle hands Flyway: each new connection gets the pinned search_path ({@link SearchPath}) and
 * the history schema check ({@link HistorySchemaGuard}) before Flyway sends its first query on it.
 */
public final class PinnedDataSource implements DataSource {

    private final DataSource delegate;
    private final String historySchema;

    /**
     * @param delegate the host's data source
     * @param historySchema the schema of the bundle's history table
     */
    public PinnedDataSource(DataSource delegate, String historySchema) {
        this.delegate = delegate;
        this.historySchema = historySchema;
    }

    /** @return {@code dataSource}, pinned unless it already is */
    public static DataSource of(DataSource dataSource, String historySchema) {
        return dataSource instanceof PinnedDataSource ? dataSource : new PinnedDataSource(dataSource, historySchema);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return prepare(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return prepare(delegate.getConnection(username, password));
    }

    private Connection prepare(Connection connection) throws SQLException {
        String original;
        try {
            original = SearchPath.pinAndRead(connection);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        try {
            HistorySchemaGuard.require(connection, historySchema);
        } catch (RuntimeException e) {
            restoreQuietly(connection, original);
            connection.close();
            throw e;
        }
        // A pool hands this connection to the application afterwards: give it back the search_path it came with.
        return (Connection) Proxy.newProxyInstance(PinnedDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        restoreQuietly(connection, original);
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void restoreQuietly(Connection connection, String searchPath) {
        try {
            if (connection.isClosed()) {
                return;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            SearchPath.restore(connection, searchPath);
        } catch (SQLException e) {
            // The connection is broken; the pool discards it, and with it the pinned setting.
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }
}
