package dev.cdcready.clickpipes.safety.searchpath;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdcready.clickpipes.testsupport.PlantedCodeGuard;
import dev.cdcready.clickpipes.testsupport.PlantedMarkers;
import dev.cdcready.clickpipes.testsupport.ServerSpec;
import dev.cdcready.clickpipes.testsupport.TestServer;
import dev.cdcready.clickpipes.testsupport.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The regression guard can fail: a session that is not the harness's own and sends an unqualified comparison of a
 * name with a text parameter (as pgjdbc sends it, varchar) runs the planted {@code planted.=(name, varchar)} and leaves
 * its marker in the server log. The session uses the self-test's application_name, which the guard does not count,
 * so the suite stays green.
 */
class PlantedCodeGuardIT {

    @Test
    void anUnqualifiedComparisonOnAnUnpinnedConnectionLeavesTheMarker() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        PlantedMarkers.read(server);

        try (Connection connection = unpinned(server, database);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            statement.setString(1, "postgres");
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next() && rs.getBoolean(1), "the planted operator still compares correctly");
            }
        }

        List<String> markers = PlantedMarkers.read(server);
        assertTrue(markers.stream().anyMatch(line -> line.contains("planted.=(name,varchar)")),
                () -> "markers: " + markers);
    }

    @Test
    void theDatabaseSearchPathPutsThePlantedFunctionsBeforePgCatalog() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        PlantedMarkers.read(server);

        try (Connection connection = unpinned(server, database);
             PreparedStatement statement = connection.prepareStatement("SELECT pg_is_in_recovery()");
             ResultSet rs = statement.executeQuery()) {
            assertTrue(rs.next() && !rs.getBoolean(1));
        }

        List<String> markers = PlantedMarkers.read(server);
        assertTrue(markers.stream().anyMatch(line -> line.contains("planted.pg_is_in_recovery()")),
                () -> "markers: " + markers);
    }

    @Test
    void theGuardFailsOnAMarkerFromAnyOtherSession() throws SQLException {
        TestServer server = TestServers.get(ServerSpec.plain(17));
        String database = server.createDatabase();
        PlantedCodeGuard.check("the state before this test");

        try (Connection connection = unpinned(server, database, "an-unpinned-client");
             PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.pg_is_in_recovery(), "
                     + "pg_is_in_recovery()");
             ResultSet rs = statement.executeQuery()) {
            assertTrue(rs.next());
        }

        AssertionError failed = assertThrows(AssertionError.class, () -> PlantedCodeGuard.check("the probe"));
        assertTrue(failed.getMessage().contains("planted.pg_is_in_recovery() application_name=an-unpinned-client"),
                failed.getMessage());
        PlantedCodeGuard.check("the probe, whose marker the guard has now reported once and forgotten");
    }

    private static Connection unpinned(TestServer server, String database) throws SQLException {
        return unpinned(server, database, PlantedMarkers.SELF_TEST_APPLICATION);
    }

    private static Connection unpinned(TestServer server, String database, String application) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("ApplicationName", application);
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }
}
