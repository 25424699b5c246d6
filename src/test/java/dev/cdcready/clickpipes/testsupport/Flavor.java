package dev.cdcready.clickpipes.testsupport;

/**
 * What kind of managed PostgreSQL a test server imitates.
 *
 * <ul>
 *   <li>{@link #PLAIN}: an ordinary PostgreSQL server, nothing added.</li>
 *   <li>{@link #RDS}: Amazon RDS for PostgreSQL's SQL surface: roles {@code rds_superuser} and
 *       {@code rds_replication}, settings {@code rds.logical_replication} and {@code rds.extensions}.</li>
 *   <li>{@link #AURORA}: everything of {@link #RDS} plus the functions {@code aurora_version()},
 *       {@code aurora_db_instance_identifier()} and {@code aurora_replica_status()} in {@code pg_catalog}.</li>
 * </ul>
 */
public enum Flavor {
    PLAIN,
    AURORA,
    RDS
}
