package dev.cdcready.clickpipes.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Installs, as superuser, the SQL surface of RDS (roles) and Aurora (roles and {@code pg_catalog.aurora_*}
 * functions). The functions go into {@code template1} and {@code postgres}, so every database created later has
 * them. The server settings {@code rds.*} are not here but in {@link ServerSettings}.
 */
final class AwsSurface {

    static final String WRITER_ID = "clickpipes-test-writer";
    static final String READER_ID = "clickpipes-test-reader-1";
    private static final String READER_SESSION_ID = "5a7e1c0d-3f2b-4e8a-9c61-0d2f4b8e7a13";

    /**
     * Roles are per cluster. As on AWS, rds_superuser may grant rds_replication and rds_iam (ADMIN OPTION, needed on
     * PostgreSQL 16+). {@code rds.iam_auth_for_replication} is a server setting a test asks for.
     */
    private static final List<String> ROLES = List.of(
            "DO $$ BEGIN\n"
                    + "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rds_superuser') THEN\n"
                    + "    CREATE ROLE rds_superuser NOLOGIN;\n"
                    + "  END IF;\n"
                    + "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rds_replication') THEN\n"
                    + "    CREATE ROLE rds_replication NOLOGIN;\n"
                    + "  END IF;\n"
                    + "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rds_iam') THEN\n"
                    + "    CREATE ROLE rds_iam NOLOGIN;\n"
                    + "  END IF;\n"
                    + "END $$",
            "GRANT rds_replication TO rds_superuser WITH ADMIN OPTION",
            "GRANT rds_iam TO rds_superuser WITH ADMIN OPTION");

    /** Functions are per database. The instance id follows pg_is_in_recovery(), so a reader names itself. */
    private static final List<String> AURORA_FUNCTIONS = List.of(
            "CREATE OR REPLACE FUNCTION pg_catalog.aurora_version() RETURNS text\n"
                    + "LANGUAGE sql STABLE AS $$\n"
                    + "  SELECT (pg_catalog.current_setting('server_version_num')::int / 10000)::text || '.'\n"
                    + "      || (pg_catalog.current_setting('server_version_num')::int % 100)::text || '.0'\n"
                    + "$$",
            "CREATE OR REPLACE FUNCTION pg_catalog.aurora_db_instance_identifier() RETURNS text\n"
                    + "LANGUAGE sql STABLE AS $$\n"
                    + "  SELECT CASE WHEN pg_catalog.pg_is_in_recovery() THEN '" + READER_ID + "'\n"
                    + "              ELSE '" + WRITER_ID + "' END\n"
                    + "$$",
            "CREATE OR REPLACE FUNCTION pg_catalog.aurora_replica_status()\n"
                    + "RETURNS TABLE (server_id text, session_id text, replica_lag_in_msec double precision,\n"
                    + "               last_update_timestamp timestamptz)\n"
                    + "LANGUAGE sql STABLE AS $$\n"
                    + "  VALUES ('" + WRITER_ID + "'::text, 'MASTER_SESSION_ID'::text, NULL::double precision, pg_catalog.now()),\n"
                    + "         ('" + READER_ID + "', '" + READER_SESSION_ID + "', 12.5, pg_catalog.now())\n"
                    + "$$");

    private AwsSurface() {
    }

    static void install(ServerBackend server, Flavor flavor) throws SQLException {
        if (flavor == Flavor.PLAIN) {
            return;
        }
        run(server, "postgres", ROLES);
        if (flavor == Flavor.AURORA) {
            run(server, "template1", AURORA_FUNCTIONS);
            run(server, "postgres", AURORA_FUNCTIONS);
        }
    }

    private static void run(ServerBackend server, String database, List<String> statements) throws SQLException {
        try (Connection connection = server.superuser(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
