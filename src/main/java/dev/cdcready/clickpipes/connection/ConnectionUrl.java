package dev.cdcready.clickpipes.connection;

import java.sql.Connection;
import java.sql.SQLException;

/** The URL a connection was opened with: the pre-check judges its host names, and logins as clickpipes_user reuse it. */
public final class ConnectionUrl {

    private ConnectionUrl() {
    }

    /** @return the URL the connection was opened with, or null when the driver does not say */
    public static String of(Connection connection) {
        try {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            return null;
        }
    }
}
