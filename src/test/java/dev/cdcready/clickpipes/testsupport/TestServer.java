package dev.cdcready.clickpipes.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A running PostgreSQL server for tests. The superuser {@code postgres} connects without a password; every other
 * role logs in with its password (SCRAM-SHA-256) over TCP, for normal and replication connections. Get one from
 * {@link TestServers}.
 */
public final class TestServer implements AutoCloseable {

    /** The database a reader holds: {@code public.orders(id int primary key, note text)} with one row. */
    public static final String READER_DATABASE = "appdb";

    private final ServerSpec spec;
    private final ServerBackend backend;
    private final Duration startupTime;
    private final AtomicInteger databases = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    TestServer(ServerSpec spec, ServerBackend backend, Duration startupTime) {
        this.spec = spec;
        this.backend = backend;
        this.startupTime = startupTime;
    }

    public ServerSpec spec() {
        return spec;
    }

    public int port() {
        return backend.port();
    }

    /** {@code 127.0.0.1} for an embedded server. */
    public String host() {
        return backend.host();
    }

    /** {@code jdbc:postgresql://<host>:<port>/<database>}, with no user or password. */
    public String jdbcUrl(String database) {
        return backend.jdbcUrl(database);
    }

    /** A connection as the superuser {@code postgres}. */
    public Connection superuser(String database) throws SQLException {
        return backend.superuser(database);
    }

    public DataSource superuserDataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host()});
        dataSource.setPortNumbers(new int[] {port()});
        dataSource.setDatabaseName(database);
        dataSource.setUser(ServerBackend.SUPERUSER);
        return dataSource;
    }

    /**
     * A superuser data source configured as the README tells hosts that give Flyway their own connection (Flyway CLI,
     * Maven plugin): {@code options=-c search_path=pg_catalog}. Not exempt from the planted-code guard.
     */
    public DataSource pinnedSuperuserDataSource(String database) {
        PGSimpleDataSource dataSource = (PGSimpleDataSource) superuserDataSource(database);
        dataSource.setOptions("-c search_path=pg_catalog");
        return dataSource;
    }

    /**
     * A data source for a test's stand-in for the application's own tools, e.g. the application's own Flyway run. Its
     * sessions may call the planted objects ({@link PlantedObjects#APPLICATION}); never hand it to the bundle.
     */
    public DataSource applicationDataSource(String database) {
        PGSimpleDataSource dataSource = (PGSimpleDataSource) superuserDataSource(database);
        dataSource.setApplicationName(PlantedObjects.APPLICATION);
        return dataSource;
    }

    /**
     * A fresh, empty database (created from template1) with a unique name; use one per test.
     *
     * @throws UnsupportedOperationException on a reader, which cannot write; use {@link #READER_DATABASE}
     */
    public String createDatabase() throws SQLException {
        if (spec.reader()) {
            throw new UnsupportedOperationException("A reader is read-only: use the database " + READER_DATABASE);
        }
        String name = "test_" + databases.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE template1");
            // The stronger attack: the planted objects come before pg_catalog for every session.
            statement.execute("ALTER DATABASE " + name + " SET search_path = " + PlantedObjects.SEARCH_PATH);
        }
        return name;
    }

    /** A real password login over TCP. */
    public Connection login(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    public Path dataDirectory() {
        return backend.dataDirectory();
    }

    /** Everything the server logged since it started (its stderr). */
    public Path serverLog() {
        return backend.serverLog();
    }

    /**
     * Stops the server (fast shutdown: every client is disconnected) and starts it again on the same port and data
     * directory. For a server from {@link TestServers#startPrivate(ServerSpec)} only.
     */
    public void restart() {
        backend.restart();
    }

    /**
     * Stops the server and starts it again as a read-only hot standby (a writer that became a reader: failover). For
     * a server from {@link TestServers#startPrivate(ServerSpec)} only; its {@link #spec()} still says writer.
     */
    public void restartAsStandby() {
        backend.restartAsStandby();
    }

    /** Stops the server and removes its data directory and log. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            PlantedMarkers.collect(this);
            backend.close();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    Duration startupTime() {
        return startupTime;
    }

    @Override
    public String toString() {
        return spec + " on " + host() + ":" + port();
    }
}
