package dev.cdcready.clickpipes.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** One running server process, embedded or in a container: where it listens, its files, how it stops. */
interface ServerBackend extends AutoCloseable {

    String SUPERUSER = "postgres";

    String host();

    int port();

    Path dataDirectory();

    Path serverLog();

    /** Stops the server and starts it again on the same data directory as a hot standby. */
    void restartAsStandby();

    /** Stops the server (fast shutdown: clients are disconnected) and starts it again, same port and data. */
    default void restart() {
        throw new UnsupportedOperationException("restart is supported by the embedded servers only");
    }

    /** Stops the server and removes its files; calling it again does nothing. */
    @Override
    void close();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A connection as the superuser, which {@link HbaRules} trusts. */
    default Connection superuser(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        // The harness's own queries may call the planted objects; a bundle session's may not (PlantedMarkers).
        properties.setProperty("ApplicationName", PlantedObjects.HARNESS_APPLICATION);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }
}
