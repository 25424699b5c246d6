package dev.cdcready.clickpipes.platform;

import dev.cdcready.clickpipes.ClickPipesException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** Reads {@link ServerFacts}. Every query is read-only and cannot fail on a healthy server of any version. */
public final class ServerFactsReader {

    // Read at every start, nothing pending included, so no view that builds rows nobody asked for: pg_settings
    // builds every setting (wal_sender_timeout's unit-suffixed value, "1min", reads as an interval instead), and
    // pg_replication_slots and pg_stat_replication join the functions they are built on (counted directly here) to
    // pg_database and to every backend's status. About 3 ms of a 5 ms query in a new session.
    private static final String FACTS = """
            SELECT pg_catalog.current_setting('server_version_num')::int,
                   pg_catalog.current_setting('server_version'),
                   pg_catalog.pg_is_in_recovery(),
                   pg_catalog.current_setting('wal_level'),
                   pg_catalog.current_setting('rds.logical_replication', true),
                   (pg_catalog.date_part('epoch', pg_catalog.current_setting('wal_sender_timeout')::pg_catalog.interval)
                       OPERATOR(pg_catalog.*) 1000)::pg_catalog.int8,
                   pg_catalog.current_setting('max_replication_slots')::bigint
                       OPERATOR(pg_catalog.-) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_get_replication_slots()),
                   pg_catalog.current_setting('max_wal_senders')::bigint
                       OPERATOR(pg_catalog.-) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_stat_get_wal_senders()),
                   current_user,
                   (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) current_user),
                   pg_catalog.to_regprocedure('pg_catalog.aurora_version()') IS NOT NULL,
                   pg_catalog.current_setting('rds.extensions', true) IS NOT NULL
                       OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                                   WHERE rolname OPERATOR(pg_catalog.=) 'rds_superuser'),
                   pg_catalog.current_database(),
                   pg_catalog.to_regprocedure('pg_catalog.aurora_replica_status()') IS NOT NULL
                       AND pg_catalog.has_function_privilege('pg_catalog.aurora_replica_status()', 'EXECUTE')
            """;

    // Only sent where aurora_replica_status() exists; the writer row has this session id on Aurora.
    private static final String AURORA_WRITER = """
            SELECT (SELECT server_id FROM pg_catalog.aurora_replica_status()
                     WHERE session_id OPERATOR(pg_catalog.=) 'MASTER_SESSION_ID' LIMIT 1)
            """;

    private ServerFactsReader() {
    }

    /**
     * @param connection an open connection as the migrating role
     * @return the facts
     */
    public static ServerFacts read(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(FACTS)) {
            rs.next();
            boolean aurora = rs.getBoolean(11);
            Platform platform = aurora ? Platform.AURORA : rs.getBoolean(12) ? Platform.RDS : Platform.POSTGRES;
            Optional<AuroraTopology> topology = aurora
                    ? Optional.of(readAurora(connection, rs.getBoolean(14))) : Optional.empty();
            return new ServerFacts(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                    Optional.ofNullable(rs.getString(5)), rs.getLong(6), rs.getInt(7), rs.getInt(8),
                    rs.getString(9), rs.getBoolean(10), platform, topology, rs.getString(13));
        } catch (SQLException e) {
            throw new ClickPipesException("Could not read the server's version and settings: " + e.getMessage(), e);
        }
    }

    private static AuroraTopology readAurora(Connection connection, boolean canReadReplicaStatus)
            throws SQLException {
        String sql = "SELECT pg_catalog.aurora_db_instance_identifier()"
                + (canReadReplicaStatus ? ", (" + AURORA_WRITER + ")" : "");
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return new AuroraTopology(rs.getString(1),
                    canReadReplicaStatus ? Optional.ofNullable(rs.getString(2)) : Optional.empty());
        }
    }
}
